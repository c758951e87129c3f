using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Controllers;

/// <summary>
/// What the ReplicaSet controller wants done: pods to create (complete objects, names included), pods to delete, and
/// the status to write (null when unchanged). <see cref="RequeueAfter"/> says when a pod will become available
/// without any other change, so the runner can look again then.
/// </summary>
public sealed record ReplicaSetActions(
    IReadOnlyList<Pod> PodsToCreate,
    IReadOnlyList<Pod> PodsToDelete,
    ReplicaSetStatus? Status,
    TimeSpan? RequeueAfter)
{
    /// <summary>
    /// What the pass did, as Kubernetes' ReplicaSet controller reports it (<c>SuccessfulCreate</c>,
    /// <c>SuccessfulDelete</c>), about the ReplicaSet; to be recorded once the actions are committed.
    /// </summary>
    public IReadOnlyList<WorkloadEvent> Events { get; init; } = [];

    /// <summary>True when there is nothing to write.</summary>
    public bool IsEmpty => PodsToCreate.Count == 0 && PodsToDelete.Count == 0 && Status is null;
}
