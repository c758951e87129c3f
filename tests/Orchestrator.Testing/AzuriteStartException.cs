namespace Orchestrator.Testing;

/// <summary>Azurite did not come up; the message carries its output.</summary>
public sealed class AzuriteStartException : Exception
{
    public AzuriteStartException()
    {
    }

    public AzuriteStartException(string message)
        : base(message)
    {
    }

    public AzuriteStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal AzuriteStartException(string message, bool portInUse)
        : base(message)
    {
        PortInUse = portInUse;
    }

    /// <summary>Whether Azurite failed because a port was already taken.</summary>
    public bool PortInUse { get; }
}
