namespace Orchestrator.Messaging;

/// <summary>Settings of the per-node channel, shared by the control plane's sender and the agent's receiver.</summary>
public sealed class NodeChannelOptions
{
    /// <summary>Start of every node queue's name; lowercase letters, digits and single dashes, at most 22 characters.</summary>
    public string QueuePrefix { get; set; } = "orch-node";

    /// <summary>How long a grant's credential is valid; the agent fetches a new grant before or when it expires.</summary>
    public TimeSpan GrantLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long the receiver waits after an empty receive. A storage-queue receiver doubles the wait after each further
    /// empty receive, up to <see cref="MaxPollInterval"/>; Service Bus holds the receive open this long instead.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest wait of a storage-queue receiver between empty receives (docs/adr/0015): an idle node costs at most
    /// one queue request per this interval.
    /// </summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a nudge stays in the queue; older nudges are worthless because the agent resyncs anyway.</summary>
    public TimeSpan NudgeTimeToLive { get; set; } = TimeSpan.FromHours(1);
}
