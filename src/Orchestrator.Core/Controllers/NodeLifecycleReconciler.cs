using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Controllers;

/// <summary>
/// Kubernetes' node-lifecycle controller as pure functions: a node whose lease has not been renewed within the grace
/// period gets <c>Ready=Unknown</c>; a node that is not Ready is tainted <c>node.kubernetes.io/unreachable</c>
/// (Ready Unknown) or <c>node.kubernetes.io/not-ready</c> (Ready False) with the effects <c>NoSchedule</c> and
/// <c>NoExecute</c>, and its pods are marked not ready; the taints go when the node reports Ready again. Eviction
/// of the pods is <see cref="TaintEvictionPlanner"/>'s job.
/// </summary>
public static class NodeLifecycleReconciler
{
    /// <summary>Everything one pass changes on <paramref name="node"/>: its Ready condition and its taints.</summary>
    public static NodeLifecycleActions Plan(Node node, DateTimeOffset? lastLeaseRenewal, DateTimeOffset now, TimeSpan gracePeriod)
    {
        ArgumentNullException.ThrowIfNull(node);

        var ready = Reconcile(node, lastLeaseRenewal, now, gracePeriod);
        var status = ready?.Status ?? FindReady(node)?.Status;
        var taints = Taints(node, status, now);
        var wasTainted = (node.Spec?.Taints ?? []).Any(IsNotReadyNoExecute);
        var turnedNotReady = !wasTainted && (taints ?? []).Any(IsNotReadyNoExecute);
        return new NodeLifecycleActions(ready, taints, status == "True", turnedNotReady);
    }

    /// <summary>
    /// The Ready condition to write, or null when nothing changes: the node was last heard from at most
    /// <paramref name="gracePeriod"/> ago, or Ready already says Unknown. As Kubernetes' controller does, a node is heard
    /// from by its lease and by the heartbeat of the Ready condition its agent posts (never later than
    /// <paramref name="now"/>), so an agent that reports Ready just before its first renewal after an outage is not
    /// marked Unknown on the old lease; a node that has not renewed a lease yet is given the grace period from its
    /// creation.
    /// </summary>
    public static NodeCondition? Reconcile(Node node, DateTimeOffset? lastLeaseRenewal, DateTimeOffset now, TimeSpan gracePeriod)
    {
        ArgumentNullException.ThrowIfNull(node);

        var ready = FindReady(node);
        var posted = ready is { Status: "True" or "False", LastHeartbeatTime: { } beat } ? (beat < now ? beat : now) : (DateTimeOffset?)null;
        var lastSeen = (lastLeaseRenewal, posted) switch
        {
            ({ } lease, { } heartbeat) => lease > heartbeat ? lease : heartbeat,
            ({ } lease, null) => lease,
            (null, { } heartbeat) => heartbeat,
            _ => node.Metadata.CreationTimestamp,
        };
        if (lastSeen is { } seen && now <= seen + gracePeriod)
        {
            return null;
        }

        if (ready?.Status == "Unknown")
        {
            return null;
        }

        return new NodeCondition
        {
            Type = "Ready",
            Status = "Unknown",
            Reason = ready is null ? "NodeStatusNeverUpdated" : "NodeStatusUnknown",
            Message = ready is null ? "Kubelet never posted node status." : "Kubelet stopped posting node status.",
            LastHeartbeatTime = lastLeaseRenewal ?? ready?.LastHeartbeatTime,
            LastTransitionTime = now,
        };
    }

    /// <summary>
    /// The node's new taint list for a Ready condition of <paramref name="readyStatus"/>, or null when it stays as it
    /// is. Taints the controller does not manage are kept in their order; a managed taint that stays keeps its
    /// <c>timeAdded</c>, so the tolerations' clocks are not reset; a node that never reported Ready is left alone,
    /// as Kubernetes does. A <c>NoExecute</c> taint without <c>timeAdded</c> is stamped with
    /// <paramref name="now"/>, which starts the tolerations' clocks.
    /// </summary>
    public static List<Taint>? Taints(Node node, string? readyStatus, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(node);

        var current = node.Spec?.Taints ?? [];
        var manage = readyStatus is "True" or "False" or "Unknown";
        var wanted = readyStatus switch
        {
            "False" => NodeTaints.NotReady,
            "Unknown" => NodeTaints.Unreachable,
            _ => null,
        };

        var changed = false;
        var result = new List<Taint>(current.Count + 2);
        foreach (var taint in current)
        {
            if (taint is null)
            {
                continue;
            }

            if (manage && NodeTaints.IsManaged(taint) && taint.Key != wanted)
            {
                changed = true;
                continue;
            }

            if (taint.Effect == NodeTaints.NoExecute && taint.TimeAdded is null)
            {
                result.Add(new Taint { Key = taint.Key, Value = taint.Value, Effect = taint.Effect, TimeAdded = now });
                changed = true;
                continue;
            }

            result.Add(taint);
        }

        if (wanted is not null)
        {
            foreach (var effect in (ReadOnlySpan<string>)[NodeTaints.NoSchedule, NodeTaints.NoExecute])
            {
                if (!result.Exists(t => t.Key == wanted && t.Effect == effect))
                {
                    result.Add(new Taint { Key = wanted, Effect = effect, TimeAdded = now });
                    changed = true;
                }
            }
        }

        return changed ? result : null;
    }

    /// <summary>
    /// The Ready condition to write on a pod of a node that is not Ready, or null when the pod is not Ready=True
    /// (Kubernetes' <c>MarkPodsNotReady</c>: only the status flips, to False, and the transition time moves).
    /// </summary>
    public static PodCondition? PodNotReady(Pod pod, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (PodState.ReadyCondition(pod) is not { } ready || ready.Status == "False")
        {
            return null;
        }

        return new PodCondition
        {
            Type = "Ready",
            Status = "False",
            Reason = ready.Reason,
            Message = ready.Message,
            LastProbeTime = ready.LastProbeTime,
            LastTransitionTime = now,
        };
    }

    private static NodeCondition? FindReady(Node node) => node.Status?.Conditions?.Find(static c => c?.Type == "Ready");

    private static bool IsNotReadyNoExecute(Taint? taint) =>
        taint is { Key: NodeTaints.NotReady or NodeTaints.Unreachable, Effect: NodeTaints.NoExecute };
}
