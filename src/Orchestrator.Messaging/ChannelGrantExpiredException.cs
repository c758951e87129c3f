namespace Orchestrator.Messaging;

/// <summary>
/// The node channel refused the grant's credential (expired, revoked, or its queue is gone): the agent should fetch
/// a new grant from the control plane and receive with that.
/// </summary>
public sealed class ChannelGrantExpiredException : Exception
{
    public ChannelGrantExpiredException()
    {
    }

    public ChannelGrantExpiredException(string message)
        : base(message)
    {
    }

    public ChannelGrantExpiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
