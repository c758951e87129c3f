namespace Orchestrator.Agent.Channel;

/// <summary>
/// The last sequence number the agent received from the standalone server's mailbox. It outlives each receiver, so a
/// renewed grant does not make the server deliver again what the agent already handled.
/// </summary>
internal sealed class ServerChannelCursor
{
    /// <summary>What the next poll sends as <c>after</c>; 0 before the first answer (nothing acknowledged).</summary>
    public long After { get; set; }
}
