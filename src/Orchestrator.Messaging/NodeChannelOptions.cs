namespace Orchestrator.Messaging;

/// <summary>Settings of the per-node channel, shared by the control plane's sender and the agent's receiver.</summary>
public sealed class NodeChannelOptions
{
    /// <summary>Start of every node queue's name; lowercase letters, digits and single dashes, at most 22 characters.</summary>
    public string QueuePrefix { get; set; } = "orch-node";

    /// <summary>How long a grant's credential is valid; the agent fetches a new grant before or when it expires.</summary>
    public TimeSpan GrantLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long the receiver waits when no nudge is waiting.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a nudge stays in the queue; older nudges are worthless because the agent resyncs anyway.</summary>
    public TimeSpan NudgeTimeToLive { get; set; } = TimeSpan.FromHours(1);
}
