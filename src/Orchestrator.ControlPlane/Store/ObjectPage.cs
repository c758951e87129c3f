namespace Orchestrator.ControlPlane.Store;

/// <summary>A page of objects and the token of the next page (null on the last page).</summary>
public sealed record ObjectPage(IReadOnlyList<StoredObject> Items, string? Continue);
