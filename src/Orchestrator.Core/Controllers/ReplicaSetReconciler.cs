using Orchestrator.Core.Labels;
using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Controllers;

/// <summary>
/// The ReplicaSet controller as a pure function: from a ReplicaSet and the pods it owns, the pods to create or delete
/// so that <c>spec.replicas</c> pods are active, and the status Kubernetes would report.
/// </summary>
public static class ReplicaSetReconciler
{
    /// <summary>Kubernetes' <c>burstReplicas</c>: at most this many pods are created, and as many deleted, in one pass.</summary>
    public const int BurstReplicas = 500;

    // Tries for a pod name that is not taken yet before giving up for this pass.
    private const int NameAttempts = 16;

    /// <summary>
    /// Reconciles <paramref name="replicaSet"/> against <paramref name="ownedPods"/> (pods whose controller reference
    /// is this ReplicaSet). New pods are named <c>&lt;name&gt;-&lt;nameSuffix()&gt;</c>; <paramref name="now"/> decides
    /// which ready pods have been ready for <c>minReadySeconds</c>.
    /// </summary>
    public static ReplicaSetActions Reconcile(ReplicaSet replicaSet, IReadOnlyList<Pod> ownedPods, DateTimeOffset now, Func<string> nameSuffix)
    {
        ArgumentNullException.ThrowIfNull(replicaSet);
        ArgumentNullException.ThrowIfNull(ownedPods);
        ArgumentNullException.ThrowIfNull(nameSuffix);

        var spec = replicaSet.Spec;
        var template = spec?.Template;
        var desired = Math.Max(0, spec?.Replicas ?? 1);
        var minReadySeconds = Math.Max(0, spec?.MinReadySeconds ?? 0);

        // As Kubernetes: an invalid selector, or one the template's pods would not match, would make every pass create
        // pods it then cannot count. Validation refuses both; if one slips through, do nothing rather than flood.
        if (!Selector.TryFromLabelSelector(spec?.Selector, out var selector, out _) ||
            (template is not null && !selector.Matches(template.Metadata?.Labels)))
        {
            return new ReplicaSetActions([], [], null, null);
        }

        var active = new List<Pod>();
        var toDelete = new List<Pod>();
        foreach (var pod in ownedPods)
        {
            if (pod is null || IsControlledByOther(pod, replicaSet) || !selector.Matches(pod.Metadata.Labels) || pod.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }

            if (PodState.IsFinished(pod))
            {
                // Kubernetes leaves finished pods to the pod garbage collector. Ours run with restartPolicy Always, so a
                // Failed or Succeeded pod (evicted, say) will never run again: delete it here so it does not linger.
                toDelete.Add(pod);
                continue;
            }

            active.Add(pod);
        }

        var toCreate = new List<Pod>();
        var deleting = replicaSet.Metadata.DeletionTimestamp is not null;
        if (!deleting)
        {
            var diff = active.Count - desired;
            if (diff < 0 && template is not null)
            {
                var taken = new HashSet<string>(StringComparer.Ordinal);
                foreach (var pod in ownedPods)
                {
                    if (pod?.Metadata.Name is { } name)
                    {
                        taken.Add(name);
                    }
                }

                var count = Math.Min(-diff, BurstReplicas);
                for (var i = 0; i < count; i++)
                {
                    if (NewPod(replicaSet, template, nameSuffix, taken) is { } pod)
                    {
                        toCreate.Add(pod);
                    }
                }
            }
            else if (diff > 0)
            {
                var ordered = active.ToArray();
                Array.Sort(ordered, new PodDeletionOrder(active));
                toDelete.AddRange(ordered.Take(Math.Min(diff, BurstReplicas)));
            }
        }

        var (status, requeueAfter) = ComputeStatus(replicaSet, active, minReadySeconds, now);
        List<WorkloadEvent> events =
        [
            .. toCreate.Select(static p => WorkloadEvent.CreatedPod(p.Metadata.Name ?? "")),
            .. toDelete.Select(static p => WorkloadEvent.DeletedPod(p.Metadata.Name ?? "")),
        ];
        return new ReplicaSetActions(toCreate, toDelete, StatusChanged(replicaSet.Status, status) ? status : null, requeueAfter) { Events = events };
    }

    private static (ReplicaSetStatus Status, TimeSpan? RequeueAfter) ComputeStatus(ReplicaSet replicaSet, List<Pod> active, int minReadySeconds, DateTimeOffset now)
    {
        var templateLabels = Selector.FromLabels(replicaSet.Spec?.Template?.Metadata?.Labels);
        int fullyLabeled = 0, ready = 0, available = 0;
        TimeSpan? requeueAfter = null;
        foreach (var pod in active)
        {
            if (templateLabels.Matches(pod.Metadata.Labels))
            {
                fullyLabeled++;
            }

            if (!PodState.IsReady(pod))
            {
                continue;
            }

            ready++;
            if (PodState.IsAvailable(pod, minReadySeconds, now))
            {
                available++;
            }
            else if (PodState.ReadyCondition(pod)?.LastTransitionTime is { } since)
            {
                // Available strictly after since + minReadySeconds; Kubernetes times have whole seconds, so one more.
                var wait = since.AddSeconds(minReadySeconds + 1) - now;
                requeueAfter = requeueAfter is null || wait < requeueAfter ? wait : requeueAfter;
            }
        }

        var status = new ReplicaSetStatus
        {
            Replicas = active.Count,
            FullyLabeledReplicas = fullyLabeled,
            ReadyReplicas = ready,
            AvailableReplicas = available,
            ObservedGeneration = replicaSet.Metadata.Generation,
            Conditions = replicaSet.Status?.Conditions is { } conditions ? [.. conditions] : null,
        };
        return (status, requeueAfter);
    }

    private static bool StatusChanged(ReplicaSetStatus? current, ReplicaSetStatus next) =>
        current is null ||
        current.Replicas != next.Replicas ||
        current.FullyLabeledReplicas != next.FullyLabeledReplicas ||
        current.ReadyReplicas != next.ReadyReplicas ||
        current.AvailableReplicas != next.AvailableReplicas ||
        current.ObservedGeneration != next.ObservedGeneration;

    private static Pod? NewPod(ReplicaSet replicaSet, PodTemplateSpec template, Func<string> nameSuffix, HashSet<string> taken)
    {
        var prefix = GeneratedNames.Prefix(replicaSet.Metadata.Name + "-");
        string? name = null;
        for (var attempt = 0; attempt < NameAttempts && name is null; attempt++)
        {
            var candidate = prefix + nameSuffix();
            if (taken.Add(candidate))
            {
                name = candidate;
            }
        }

        if (name is null)
        {
            return null;
        }

        return new Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new ObjectMeta
            {
                Name = name,
                GenerateName = prefix,
                Namespace = replicaSet.Metadata.Namespace,
                Labels = ObjectCopy.Clone(template.Metadata?.Labels),
                Annotations = ObjectCopy.Clone(template.Metadata?.Annotations),
                Finalizers = template.Metadata?.Finalizers is { } finalizers ? [.. finalizers] : null,
                OwnerReferences = [OwnerReference.ControlledBy("apps/v1", "ReplicaSet", replicaSet.Metadata)],
            },
            Spec = ObjectCopy.Clone(template.Spec),
            Status = new PodStatus { Phase = "Pending" },
        };
    }

    private static bool IsControlledByOther(Pod pod, ReplicaSet replicaSet)
    {
        foreach (var owner in pod.Metadata.OwnerReferences ?? [])
        {
            if (owner?.Controller == true)
            {
                return owner.Uid is not null && replicaSet.Metadata.Uid is not null && owner.Uid != replicaSet.Metadata.Uid;
            }
        }

        return false;
    }
}
