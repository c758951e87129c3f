namespace Orchestrator.ControlPlane.Store;

/// <summary>
/// Where an object lives: its tenant, its resource (plural, with the group for non-core kinds:
/// <c>pods</c>, <c>deployments.apps</c>), its namespace (empty for cluster-scoped kinds) and its name.
/// </summary>
public sealed record ObjectKey(string Tenant, string Resource, string Namespace, string Name);
