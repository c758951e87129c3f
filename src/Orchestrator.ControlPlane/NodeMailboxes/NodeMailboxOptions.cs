namespace Orchestrator.ControlPlane.NodeMailboxes;

/// <summary>Settings of the standalone server's in-memory node mailboxes (docs/adr/0018).</summary>
public sealed class NodeMailboxOptions
{
    /// <summary>Configuration section the server binds.</summary>
    public const string SectionName = "NodeMailboxes";

    /// <summary>
    /// How long a grant is valid. It holds no secret, so this only says how often the agent asks again, which lets it
    /// find a different transport after the control plane moved.
    /// </summary>
    public TimeSpan GrantLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The most messages one node's mailbox keeps; beyond it the oldest log requests are dropped.</summary>
    public int MaxPendingMessages { get; set; } = 100;
}
