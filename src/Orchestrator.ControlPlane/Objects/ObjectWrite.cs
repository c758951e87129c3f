using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Services;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Objects;

/// <summary>A prepared change: the store operation, the object before and after, and the warnings to answer with.</summary>
public sealed record ObjectWrite(ResourceKind Kind, KubeObject? Old, KubeObject? New, StoreOperation Operation, IReadOnlyList<string> Warnings, string? MarkForCollection = null)
{
    /// <summary>The cluster IP and node ports a Service write newly holds: their claim rows are created in its transaction.</summary>
    public IReadOnlyList<ServiceClaim> Claims { get; init; } = [];

    /// <summary>Rows created or removed in the same transaction as the object (claims taken and released).</summary>
    public IReadOnlyList<StoreOperation> Extra { get; init; } = [];

    /// <summary>Table rows the write costs: the object, its index entries, old index entries removed, a garbage marker and the extra rows.</summary>
    public int RowCount => Operation switch
    {
        StoreOperation.Create c => 1 + c.Indexes.Count,
        StoreOperation.Update u => 1 + u.Indexes.Count + u.Previous.Indexes.Count,
        StoreOperation.Delete d => 1 + d.Previous.Indexes.Count,
        _ => 1,
    } + (MarkForCollection is null ? 0 : 1) + Extra.Count;
}
