using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Controllers;

/// <summary>
/// What the EndpointSlice controller wants done for one Service: slices to create (complete objects, names
/// included), slices to update (the existing object with its metadata and resourceVersion, carrying the new content)
/// and slices to delete.
/// </summary>
public sealed record EndpointSliceActions(
    IReadOnlyList<EndpointSlice> ToCreate,
    IReadOnlyList<EndpointSlice> ToUpdate,
    IReadOnlyList<EndpointSlice> ToDelete)
{
    /// <summary>Nothing to do.</summary>
    public static EndpointSliceActions None { get; } = new([], [], []);

    /// <summary>True when there is nothing to write.</summary>
    public bool IsEmpty => ToCreate.Count == 0 && ToUpdate.Count == 0 && ToDelete.Count == 0;
}
