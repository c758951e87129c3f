namespace Orchestrator.ControlPlane.Objects;

/// <summary>
/// How to delete an object, as Kubernetes' <c>DeleteOptions</c>: the grace period (pods only; null for the pod's
/// <c>terminationGracePeriodSeconds</c>), the propagation policy (null: Background for an object not yet being
/// deleted, its current policy otherwise) and, for the control plane's own deletions that need no collection
/// (a pod a ReplicaSet scales away), <see cref="Collect"/> false to write no garbage marker.
/// </summary>
public sealed record DeletionOptions(long? GracePeriodSeconds = null, DeletionPropagation? Propagation = null, bool Collect = true)
{
    public static DeletionOptions Default { get; } = new();

    /// <summary>Background semantics without a garbage marker: for objects that own nothing worth collecting.</summary>
    public static DeletionOptions NoCollection { get; } = new(Collect: false);

    /// <summary>Deletes at once, without a grace period (a pod whose node is gone).</summary>
    public static DeletionOptions Force { get; } = new(GracePeriodSeconds: 0);
}
