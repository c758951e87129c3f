namespace Orchestrator.Core.NodeApi;

/// <summary>Answer to a lease renewal: the time the control plane recorded.</summary>
public sealed record LeaseRenewed(DateTimeOffset RenewTime);
