namespace Orchestrator.Core.NodeApi;

/// <summary>Body of <c>PUT /agent/v1/nodes/{node}/lease</c>.</summary>
public sealed record LeaseRenewal(string HolderIdentity, int LeaseDurationSeconds);
