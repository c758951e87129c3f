namespace Orchestrator.ControlPlane.Store;

/// <summary>
/// A page of one resource in one tenant, optionally in one namespace and optionally through one index entry.
/// <see cref="Continue"/> is the token of a previous page.
/// </summary>
public sealed record ObjectListQuery(string Tenant, string Resource, string? Namespace = null, IndexEntry? Index = null, int? Limit = null, string? Continue = null);
