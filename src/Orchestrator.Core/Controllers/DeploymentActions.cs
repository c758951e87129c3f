using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Controllers;

/// <summary>
/// What the Deployment controller wants done. ReplicaSets to create are complete objects; ReplicaSets to update are
/// modified copies of the observed objects (replicas, annotations, <c>minReadySeconds</c>) that keep their
/// <c>resourceVersion</c> for the ETag precondition; ReplicaSets to delete are the observed objects. <see cref="Status"/>
/// is the Deployment's new status and <see cref="Revision"/> the new value of its
/// <c>deployment.kubernetes.io/revision</c> annotation; each is null when unchanged.
/// </summary>
public sealed record DeploymentActions(
    IReadOnlyList<ReplicaSet> ReplicaSetsToCreate,
    IReadOnlyList<ReplicaSet> ReplicaSetsToUpdate,
    IReadOnlyList<ReplicaSet> ReplicaSetsToDelete,
    DeploymentStatus? Status,
    string? Revision)
{
    /// <summary>
    /// What the pass did, as Kubernetes' Deployment controller reports it (<c>ScalingReplicaSet</c>), about the
    /// Deployment; to be recorded once the actions are committed.
    /// </summary>
    public IReadOnlyList<WorkloadEvent> Events { get; init; } = [];

    /// <summary>True when there is nothing to write.</summary>
    public bool IsEmpty =>
        ReplicaSetsToCreate.Count == 0 && ReplicaSetsToUpdate.Count == 0 && ReplicaSetsToDelete.Count == 0 && Status is null && Revision is null;
}
