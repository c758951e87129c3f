using System.Globalization;
using System.Text.Json;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;

namespace Orchestrator.Core.Controllers;

/// <summary>
/// Rollback as kubectl's <c>DeploymentRollbacker</c> does it (<c>kubectl rollout undo</c>): the pod template of the
/// ReplicaSet carrying the revision, without its <c>pod-template-hash</c> label, replaces the Deployment's template,
/// and the ReplicaSet's annotations (such as <c>kubernetes.io/change-cause</c>) replace the Deployment's, except the
/// ones the Deployment controller owns. The controller then rolls to that template, which becomes the newest revision.
/// </summary>
public static class DeploymentRollbacker
{
    /// <summary>
    /// Plans rolling <paramref name="deployment"/> back to <paramref name="toRevision"/> (0: the revision before the
    /// newest) among <paramref name="ownedReplicaSets"/>, the ReplicaSets it controls. Never changes its arguments.
    /// </summary>
    public static DeploymentRollbackPlan Plan(Deployment deployment, IReadOnlyList<ReplicaSet> ownedReplicaSets, long toRevision, IReadOnlyDictionary<string, string>? updatedAnnotations = null)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(ownedReplicaSets);
        ArgumentOutOfRangeException.ThrowIfNegative(toRevision);

        var name = deployment.Metadata.Name;
        if (deployment.Spec?.Paused == true)
        {
            return new DeploymentRollbackPlan(DeploymentRollbackOutcome.Paused, toRevision, null,
                "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
        }

        var (target, revision) = FindRevision(ownedReplicaSets, toRevision);
        if (target is null)
        {
            return toRevision == 0
                ? new DeploymentRollbackPlan(DeploymentRollbackOutcome.NoHistory, 0, null, $"no rollout history found for deployment \"{name}\"")
                : new DeploymentRollbackPlan(DeploymentRollbackOutcome.RevisionNotFound, toRevision, null, $"unable to find specified revision {toRevision} in history");
        }

        if (PodTemplateHash.EqualityKey(target.Spec?.Template) == PodTemplateHash.EqualityKey(deployment.Spec?.Template))
        {
            return new DeploymentRollbackPlan(DeploymentRollbackOutcome.TemplateUnchanged, revision, null,
                $"skipped rollback (current template already matches revision {revision.ToString(CultureInfo.InvariantCulture)})");
        }

        var updated = Clone(deployment);
        var template = ObjectCopy.Clone(target.Spec?.Template ?? new PodTemplateSpec());
        template.Metadata?.Labels?.Remove(PodTemplateHash.LabelKey);
        (updated.Spec ??= new DeploymentSpec()).Template = template;

        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in deployment.Metadata.Annotations ?? [])
        {
            if (DeploymentReconciler.ControllerAnnotations.Contains(key))
            {
                annotations[key] = value;
            }
        }

        foreach (var (key, value) in target.Metadata.Annotations ?? [])
        {
            if (!DeploymentReconciler.ControllerAnnotations.Contains(key))
            {
                annotations[key] = value;
            }
        }

        foreach (var (key, value) in updatedAnnotations ?? new Dictionary<string, string>())
        {
            annotations[key] = value;
        }

        updated.Metadata.Annotations = annotations.Count == 0 ? null : annotations;
        return new DeploymentRollbackPlan(DeploymentRollbackOutcome.RolledBack, revision, updated, "rolled back");
    }

    /// <summary>kubectl's <c>deploymentRevision</c>: the ReplicaSet of the revision, or for 0 the second newest revision.</summary>
    private static (ReplicaSet? ReplicaSet, long Revision) FindRevision(IReadOnlyList<ReplicaSet> replicaSets, long toRevision)
    {
        ReplicaSet? latest = null, previous = null;
        long latestRevision = -1, previousRevision = -1;
        foreach (var replicaSet in replicaSets)
        {
            if (replicaSet is null || DeploymentRevisions.RevisionOf(replicaSet) is not { } revision)
            {
                continue;
            }

            if (toRevision != 0)
            {
                if (revision == toRevision)
                {
                    return (replicaSet, revision);
                }

                continue;
            }

            if (revision > latestRevision)
            {
                (previous, previousRevision) = (latest, latestRevision);
                (latest, latestRevision) = (replicaSet, revision);
            }
            else if (revision > previousRevision)
            {
                (previous, previousRevision) = (replicaSet, revision);
            }
        }

        return toRevision == 0 && previous is not null ? (previous, previousRevision) : (null, 0);
    }

    private static Deployment Clone(Deployment deployment) =>
        JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(deployment, KubeJsonContext.Default.Deployment), KubeJsonContext.Default.Deployment)!;
}
