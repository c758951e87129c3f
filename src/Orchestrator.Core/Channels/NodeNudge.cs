namespace Orchestrator.Core.Channels;

/// <summary>
/// A hint that a node's desired state changed. It carries no command: the agent fetches the whole desired state
/// and converges, so a lost, duplicated or reordered nudge is harmless.
/// </summary>
public sealed record NodeNudge(string Tenant, string NodeName, string Reason, DateTimeOffset SentAt) : NodeMessage;
