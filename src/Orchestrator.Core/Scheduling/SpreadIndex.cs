using System.Text;
using Orchestrator.Core.Labels;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Scheduling;

/// <summary>
/// The pass's topology spread state: the pods on each node grouped by namespace (bound ones not being deleted, and
/// those placed in this pass), and one <see cref="SpreadTracker"/> per distinct constraint, built on first use and
/// updated as pods are placed, so that a pod's constraints cost O(1) per node rather than a scan of all pods.
/// </summary>
internal sealed class SpreadIndex
{
    private readonly NodeSlot[] _slots;
    private readonly Dictionary<string, List<(int Slot, Pod Pod)>> _podsByNamespace = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SpreadTracker> _trackers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SpreadTracker>> _trackersByNamespace = new(StringComparer.Ordinal);

    public SpreadIndex(NodeSlot[] slots, IReadOnlyList<(int Slot, Pod Pod)> boundPods)
    {
        _slots = slots;
        foreach (var (slot, pod) in boundPods)
        {
            // Kubernetes does not count terminating pods towards spread.
            if (pod.Metadata.DeletionTimestamp is null)
            {
                PodsIn(pod.Metadata.Namespace ?? "").Add((slot, pod));
            }
        }
    }

    /// <summary>The pod's constraints resolved against the pass's counts; empty when it has none.</summary>
    public SpreadConstraint[] For(Pod pod, string feasibilityKey, Dictionary<string, string>? nodeSelector, NodeAffinity? nodeAffinity, List<Toleration>? tolerations)
    {
        if (pod.Spec?.TopologySpreadConstraints is not { Count: > 0 } constraints)
        {
            return [];
        }

        var ns = pod.Metadata.Namespace ?? "";
        var resolved = new List<SpreadConstraint>(constraints.Count);
        foreach (var constraint in constraints)
        {
            if (constraint?.TopologyKey is not { Length: > 0 } topologyKey || constraint.MaxSkew <= 0)
            {
                continue;
            }

            var selector = SelectorOf(constraint, pod);
            var honorAffinity = constraint.NodeAffinityPolicy != "Ignore";
            var honorTaints = constraint.NodeTaintsPolicy == "Honor";
            var key = new StringBuilder(ns).Append('\u0001').Append(topologyKey).Append('\u0001').Append(selector?.ToString() ?? "\u0000")
                .Append('\u0001').Append(honorAffinity ? 'A' : '-').Append(honorTaints ? 'T' : '-');
            if (honorAffinity || honorTaints)
            {
                key.Append('\u0001').Append(feasibilityKey);
            }

            var trackerKey = key.ToString();
            if (!_trackers.TryGetValue(trackerKey, out var tracker))
            {
                tracker = Build(ns, selector, topologyKey, honorAffinity ? nodeSelector : null, honorAffinity ? nodeAffinity : null, honorTaints, tolerations);
                _trackers.Add(trackerKey, tracker);
                TrackersIn(ns).Add(tracker);
            }

            var hard = constraint.WhenUnsatisfiable != "ScheduleAnyway";
            resolved.Add(new SpreadConstraint(tracker, constraint.MaxSkew, hard ? constraint.MinDomains : null, tracker.Matches(pod) ? 1 : 0, hard));
        }

        return [.. resolved];
    }

    /// <summary>Counts a pod just placed on the slot, for the constraints of the pods that follow.</summary>
    public void Placed(Pod pod, int slot)
    {
        var ns = pod.Metadata.Namespace ?? "";
        PodsIn(ns).Add((slot, pod));
        if (_trackersByNamespace.TryGetValue(ns, out var trackers))
        {
            foreach (var tracker in trackers)
            {
                if (tracker.Matches(pod))
                {
                    tracker.Add(slot);
                }
            }
        }
    }

    /// <summary>
    /// The selector, narrowed by <c>matchLabelKeys</c> to the pod's own values as Kubernetes does (keys the pod lacks
    /// are ignored); null when there is none, which matches no pod.
    /// </summary>
    private static Selector? SelectorOf(TopologySpreadConstraint constraint, Pod pod)
    {
        if (constraint.LabelSelector is not { } labelSelector)
        {
            return null;
        }

        if (constraint.MatchLabelKeys is { Count: > 0 } keys && pod.Metadata.Labels is { } labels)
        {
            var expressions = new List<LabelSelectorRequirement>(labelSelector.MatchExpressions ?? []);
            foreach (var key in keys)
            {
                if (key is not null && labels.TryGetValue(key, out var value))
                {
                    expressions.Add(new LabelSelectorRequirement { Key = key, Operator = "In", Values = [value] });
                }
            }

            labelSelector = new LabelSelector { MatchLabels = labelSelector.MatchLabels, MatchExpressions = expressions };
        }

        return Selector.TryFromLabelSelector(labelSelector, out var selector, out _) ? selector : null;
    }

    private SpreadTracker Build(
        string ns, Selector? selector, string topologyKey, Dictionary<string, string>? nodeSelector, NodeAffinity? nodeAffinity, bool honorTaints,
        List<Toleration>? tolerations)
    {
        var domainOfSlot = new int[_slots.Length];
        var domains = new Dictionary<string, int>(StringComparer.Ordinal);
        var hostname = topologyKey == ObjectValidator.HostnameTopologyKey;
        for (var i = 0; i < _slots.Length; i++)
        {
            ref readonly var slot = ref _slots[i];
            var labels = slot.Node.Metadata.Labels;

            // A node without the hostname label is its own domain, as it is for pod anti-affinity.
            string? value = null;
            var has = (labels is not null && labels.TryGetValue(topologyKey, out value)) || (hostname && (value = slot.Name) is not null);
            var counted = has &&
                PodScheduler.MatchesAffinity(slot.Node, nodeSelector, nodeAffinity) &&
                (!honorTaints || (slot.Block == NodeBlock.None && TaintMatching.FirstUntolerated(slot.Node, tolerations) is null));
            if (!counted)
            {
                domainOfSlot[i] = -1;
                continue;
            }

            if (!domains.TryGetValue(value!, out var domain))
            {
                domain = domains.Count;
                domains.Add(value!, domain);
            }

            domainOfSlot[i] = domain;
        }

        var tracker = new SpreadTracker(ns, selector, domainOfSlot, domains.Count);
        if (_podsByNamespace.TryGetValue(ns, out var pods))
        {
            foreach (var (slot, pod) in pods)
            {
                if (tracker.Matches(pod))
                {
                    tracker.Add(slot);
                }
            }
        }

        return tracker;
    }

    private List<(int Slot, Pod Pod)> PodsIn(string ns)
    {
        if (!_podsByNamespace.TryGetValue(ns, out var pods))
        {
            pods = [];
            _podsByNamespace.Add(ns, pods);
        }

        return pods;
    }

    private List<SpreadTracker> TrackersIn(string ns)
    {
        if (!_trackersByNamespace.TryGetValue(ns, out var trackers))
        {
            trackers = [];
            _trackersByNamespace.Add(ns, trackers);
        }

        return trackers;
    }
}
