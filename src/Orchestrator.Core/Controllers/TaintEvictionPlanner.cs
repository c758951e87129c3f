using Orchestrator.Core.Objects;
using Orchestrator.Core.Scheduling;

namespace Orchestrator.Core.Controllers;

/// <summary>
/// Kubernetes' taint-eviction controller as a pure function: a pod on a node with <c>NoExecute</c> taints is evicted
/// at once if it does not tolerate one of them, when the shortest <c>tolerationSeconds</c> of the tolerations it uses
/// has run out since the taint's <c>timeAdded</c>, or never if those tolerations set no seconds.
/// </summary>
public static class TaintEvictionPlanner
{
    /// <summary>The pods of <paramref name="node"/> to evict at <paramref name="now"/>; pods already terminating are left alone.</summary>
    public static TaintEvictionPlan Plan(Node node, IEnumerable<Pod> pods, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(pods);

        var evict = new List<Pod>();
        DateTimeOffset? next = null;
        foreach (var pod in pods)
        {
            if (pod is null || pod.Metadata.DeletionTimestamp is not null || pod.Spec?.NodeName != node.Metadata.Name)
            {
                continue;
            }

            if (EvictionTime(node, pod, now) is not { } due)
            {
                continue;
            }

            if (due <= now)
            {
                evict.Add(pod);
            }
            else if (next is null || due < next)
            {
                next = due;
            }
        }

        return new TaintEvictionPlan(evict, next);
    }

    /// <summary>
    /// When <paramref name="pod"/> must leave <paramref name="node"/>: <paramref name="now"/> for an untolerated
    /// <c>NoExecute</c> taint, else the earliest of each taint's <c>timeAdded</c> plus the smallest
    /// <c>tolerationSeconds</c> of the tolerations matching it (a taint without <c>timeAdded</c> counts from now);
    /// null when no taint ever forces it out.
    /// </summary>
    public static DateTimeOffset? EvictionTime(Node node, Pod pod, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(pod);

        DateTimeOffset? due = null;
        foreach (var taint in node.Spec?.Taints ?? [])
        {
            if (taint?.Effect != NodeTaints.NoExecute)
            {
                continue;
            }

            var matched = false;
            long? seconds = null;
            foreach (var toleration in pod.Spec?.Tolerations ?? [])
            {
                if (toleration is null || !TaintMatching.Tolerates(toleration, taint))
                {
                    continue;
                }

                matched = true;
                if (toleration.TolerationSeconds is { } value && (seconds is null || value < seconds))
                {
                    seconds = value;
                }
            }

            if (!matched)
            {
                return now;
            }

            if (seconds is { } limit)
            {
                // As Kubernetes: zero or negative seconds mean no toleration time at all.
                var taintDue = (taint.TimeAdded ?? now).AddSeconds(Math.Max(0, limit));
                if (due is null || taintDue < due)
                {
                    due = taintDue;
                }
            }
        }

        return due;
    }
}
