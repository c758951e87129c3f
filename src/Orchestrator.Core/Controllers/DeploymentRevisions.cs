using System.Globalization;
using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Controllers;

/// <summary>A Deployment's rollout history, read from its ReplicaSets as <c>kubectl rollout history</c> reads it.</summary>
public static class DeploymentRevisions
{
    /// <summary>The annotation <c>kubectl --record</c> and users set to say why a revision was made.</summary>
    public const string ChangeCauseAnnotation = "kubernetes.io/change-cause";

    /// <summary>
    /// One entry per ReplicaSet of <paramref name="ownedReplicaSets"/> that carries a revision, lowest revision first;
    /// ReplicaSets without a (numeric) revision are left out.
    /// </summary>
    public static List<DeploymentRevision> List(IReadOnlyList<ReplicaSet> ownedReplicaSets)
    {
        ArgumentNullException.ThrowIfNull(ownedReplicaSets);
        var revisions = new List<DeploymentRevision>();
        foreach (var replicaSet in ownedReplicaSets)
        {
            if (replicaSet is null || RevisionOf(replicaSet) is not { } revision)
            {
                continue;
            }

            var template = ObjectCopy.Clone(replicaSet.Spec?.Template ?? new PodTemplateSpec());
            template.Metadata?.Labels?.Remove(PodTemplateHash.LabelKey);
            revisions.Add(new DeploymentRevision
            {
                Revision = revision,
                ReplicaSet = replicaSet.Metadata.Name,
                CreationTimestamp = replicaSet.Metadata.CreationTimestamp,
                ChangeCause = replicaSet.Metadata.Annotations?.GetValueOrDefault(ChangeCauseAnnotation),
                Replicas = replicaSet.Spec?.Replicas ?? 1,
                ReadyReplicas = replicaSet.Status?.ReadyReplicas ?? 0,
                Images = [.. template.Spec?.Containers?.Select(static c => c?.Image ?? "") ?? []],
                Template = template,
            });
        }

        revisions.Sort(static (x, y) => x.Revision.CompareTo(y.Revision));
        return revisions;
    }

    /// <summary>The ReplicaSet's <c>deployment.kubernetes.io/revision</c>, when it is a non-negative number.</summary>
    public static long? RevisionOf(ReplicaSet replicaSet)
    {
        ArgumentNullException.ThrowIfNull(replicaSet);
        return replicaSet.Metadata.Annotations?.GetValueOrDefault(DeploymentReconciler.RevisionAnnotation) is { } text &&
            long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? revision
            : null;
    }
}
