namespace Orchestrator.ControlPlane.Store;

/// <summary>
/// Changes read from a tenant's log in commit order, and the position to read on from (<see cref="Position"/>:
/// after the last change returned, or the position asked for when there was none). <see cref="HasMore"/> tells
/// that the limit cut the page short.
/// </summary>
public sealed record ChangePage(IReadOnlyList<StoreChange> Changes, string Position, bool HasMore);
