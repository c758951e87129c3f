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

    /// <summary>
    /// Written even when it changes nothing, for its version check: the commit then holds only if the object is still
    /// as it was read. Other updates that change nothing are not written (as in Kubernetes).
    /// </summary>
    public bool Guards { get; init; }
}
