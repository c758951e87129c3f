using System.Collections.Frozen;
using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Controllers;

/// <summary>
/// The Deployment controller as a pure function, following Kubernetes' <c>syncDeployment</c>: finds or creates the
/// ReplicaSet of the current template, rolls out by the strategy (RollingUpdate within maxSurge/maxUnavailable, or
/// Recreate), scales proportionally when replicas change mid-rollout, prunes history beyond
/// <c>revisionHistoryLimit</c>, and computes the status and conditions Kubernetes would report.
/// </summary>
public static class DeploymentReconciler
{
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    public const string RevisionHistoryAnnotation = "deployment.kubernetes.io/revision-history";
    public const string DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";

    /// <summary>
    /// Annotations of the Deployment's own bookkeeping: never copied from a Deployment to its ReplicaSets, nor back by
    /// a rollback (Kubernetes' <c>skipCopyAnnotation</c> and kubectl's <c>annotationsToSkip</c>).
    /// </summary>
    internal static readonly FrozenSet<string> ControllerAnnotations = new[]
    {
        "kubectl.kubernetes.io/last-applied-configuration",
        RevisionAnnotation,
        RevisionHistoryAnnotation,
        DesiredReplicasAnnotation,
        MaxReplicasAnnotation,
        "deprecated.deployment.rollback.to",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The label that tells the ReplicaSets (and pods) of one Deployment's templates apart.</summary>
    public const string PodTemplateHashLabel = PodTemplateHash.LabelKey;

    /// <summary>
    /// Reconciles <paramref name="deployment"/> against <paramref name="ownedReplicaSets"/> (ReplicaSets whose
    /// controller reference is this Deployment, with their observed status). <paramref name="now"/> stamps condition
    /// times and decides the progress deadline.
    /// </summary>
    public static DeploymentActions Reconcile(Deployment deployment, IReadOnlyList<ReplicaSet> ownedReplicaSets, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(ownedReplicaSets);
        return new DeploymentPass(deployment, ownedReplicaSets, now).Run();
    }
}
