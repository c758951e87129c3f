namespace Orchestrator.ControlPlane.Store;

/// <summary>A node's heartbeat: who holds it, when it was last renewed, and for how long it counts.</summary>
public sealed record NodeLease(string Tenant, string NodeName, string HolderIdentity, DateTimeOffset RenewTime, int LeaseDurationSeconds);
