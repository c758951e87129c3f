using System.Globalization;
using System.Text;
using Orchestrator.Core.Defaulting;
using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Scheduling;

/// <summary>
/// The scheduler's decision as a pure function: filters nodes the way kube-scheduler's default plugins do
/// (unschedulable, not-ready taint, node selector, runtime class, resources fit), scores the survivors by least
/// allocation and binds each pending pod to the best one, never overcommitting within a pass.
/// </summary>
public static class PodScheduler
{
    /// <summary>The runtime class of a pod that names none (design decision 7).</summary>
    public const string DefaultRuntimeClass = "docker";

    internal const string UnschedulableReason = "node(s) were unschedulable";
    internal const string NotReadyReason = "node(s) had untolerated taint {node.kubernetes.io/not-ready: }";
    internal const string UnreachableReason = "node(s) had untolerated taint {node.kubernetes.io/unreachable: }";
    internal const string NodeSelectorReason = "node(s) didn't match Pod's node affinity/selector";
    internal const string TooManyPodsReason = "Too many pods";
    internal const string InsufficientCpuReason = "Insufficient cpu";
    internal const string InsufficientMemoryReason = "Insufficient memory";
    internal const string NoNodesMessage = "no nodes available to schedule pods";

    /// <summary>
    /// Places <paramref name="pendingPods"/> (oldest first, then by namespace and name) on <paramref name="nodes"/>,
    /// counting the requests of <paramref name="boundPods"/> and of pods placed earlier in the same pass against
    /// their nodes. Pods that already have a node, are being deleted, have finished, or name another scheduler are
    /// left out of the result.
    /// </summary>
    public static ScheduleResult Schedule(IReadOnlyList<Pod> pendingPods, IReadOnlyList<Node> nodes, IReadOnlyList<Pod> boundPods)
    {
        ArgumentNullException.ThrowIfNull(pendingPods);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(boundPods);

        var slots = BuildSlots(nodes, boundPods);
        var bindings = new List<PodBinding>();
        var unschedulable = new List<UnschedulablePod>();

        // Pods of one workload share runtime class and node selector, so the nodes those allow (ready, schedulable,
        // running the class, matching the selector) are worked out once per distinct pair, as a list of node indices.
        var feasibleByKey = new Dictionary<string, int[]>(StringComparer.Ordinal);

        // In a full cluster many pods fail alike; their explanation only changes when a binding changes a node.
        var explained = new Dictionary<(string Key, ResourceRequest Request), string>();
        foreach (var pod in OrderForPlacement(pendingPods))
        {
            var (request, nonZero) = ResourceRequest.ForPod(pod);
            var runtimeClass = RuntimeClassOf(pod);
            var nodeSelector = pod.Spec?.NodeSelector is { Count: > 0 } selector ? selector : null;
            var key = FeasibilityKey(runtimeClass, nodeSelector);
            if (!feasibleByKey.TryGetValue(key, out var feasible))
            {
                feasible = Feasible(slots, runtimeClass, nodeSelector);
                feasibleByKey.Add(key, feasible);
            }

            var best = FindBest(slots, feasible, request, nonZero);
            if (best < 0)
            {
                if (!explained.TryGetValue((key, request), out var message))
                {
                    message = Explain(slots, nodeSelector, runtimeClass, request);
                    explained.Add((key, request), message);
                }

                unschedulable.Add(new UnschedulablePod(pod, message));
                continue;
            }

            explained.Clear();
            slots[best].Add(request, nonZero);
            bindings.Add(new PodBinding(pod, slots[best].Name));
        }

        return new ScheduleResult(bindings, unschedulable);
    }

    private static int FindBest(NodeSlot[] slots, int[] feasible, in ResourceRequest request, in ResourceRequest nonZero)
    {
        // Feasible indices ascend and slots are sorted by name, so keeping the first of equal scores breaks ties by name.
        var best = -1;
        var bestScore = double.NegativeInfinity;
        foreach (var i in feasible)
        {
            ref readonly var slot = ref slots[i];
            if (!slot.FitsResources(request))
            {
                continue;
            }

            var score = slot.Score(nonZero);
            if (score > bestScore)
            {
                best = i;
                bestScore = score;
            }
        }

        return best;
    }

    private static int[] Feasible(NodeSlot[] slots, string runtimeClass, Dictionary<string, string>? nodeSelector)
    {
        var feasible = new List<int>();
        for (var i = 0; i < slots.Length; i++)
        {
            if (slots[i].Block == NodeBlock.None && Supports(slots[i].Node, runtimeClass) &&
                (nodeSelector is null || MatchesNodeSelector(nodeSelector, slots[i].Node.Metadata.Labels)))
            {
                feasible.Add(i);
            }
        }

        return [.. feasible];
    }

    private static string FeasibilityKey(string runtimeClass, Dictionary<string, string>? nodeSelector)
    {
        if (nodeSelector is null)
        {
            return runtimeClass;
        }

        // Label keys and values cannot contain control characters, so these separators are unambiguous.
        var key = new StringBuilder(runtimeClass);
        foreach (var (name, value) in nodeSelector.OrderBy(static p => p.Key, StringComparer.Ordinal))
        {
            key.Append('\n').Append(name).Append('\t').Append(value);
        }

        return key.ToString();
    }

    private static bool MatchesNodeSelector(Dictionary<string, string> nodeSelector, Dictionary<string, string>? labels)
    {
        if (labels is null)
        {
            return false;
        }

        foreach (var (key, value) in nodeSelector)
        {
            if (!labels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The kube-scheduler <c>FitError</c> message. As there, each node is rejected by the first filter that fails it
    /// (the resources filter may give several reasons at once), and the <c>"count reason"</c> strings are sorted
    /// ordinally.
    /// </summary>
    private static string Explain(NodeSlot[] slots, Dictionary<string, string>? nodeSelector, string runtimeClass, in ResourceRequest request)
    {
        if (slots.Length == 0)
        {
            return NoNodesMessage;
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < slots.Length; i++)
        {
            ref readonly var slot = ref slots[i];
            switch (slot.Block)
            {
                case NodeBlock.Unschedulable:
                    Count(counts, UnschedulableReason);
                    continue;
                case NodeBlock.NotReady:
                    Count(counts, NotReadyReason);
                    continue;
                case NodeBlock.Unreachable:
                    Count(counts, UnreachableReason);
                    continue;
            }

            if (nodeSelector is not null && !MatchesNodeSelector(nodeSelector, slot.Node.Metadata.Labels))
            {
                Count(counts, NodeSelectorReason);
                continue;
            }

            if (!Supports(slot.Node, runtimeClass))
            {
                Count(counts, RuntimeClassReason(runtimeClass));
                continue;
            }

            if (slot.PodCount >= slot.AllocatablePods)
            {
                Count(counts, TooManyPodsReason);
            }

            if (request.MilliCpu > 0 && request.MilliCpu > slot.AllocatableMilliCpu - slot.RequestedMilliCpu)
            {
                Count(counts, InsufficientCpuReason);
            }

            if (request.MemoryBytes > 0 && request.MemoryBytes > slot.AllocatableMemory - slot.RequestedMemory)
            {
                Count(counts, InsufficientMemoryReason);
            }
        }

        var reasons = new List<string>(counts.Count);
        foreach (var (reason, count) in counts)
        {
            reasons.Add(count.ToString(CultureInfo.InvariantCulture) + " " + reason);
        }

        reasons.Sort(StringComparer.Ordinal);
        var message = new StringBuilder();
        message.Append(CultureInfo.InvariantCulture, $"0/{slots.Length} nodes are available:");
        if (reasons.Count > 0)
        {
            message.Append(' ').AppendJoin(", ", reasons).Append('.');
        }

        return message.ToString();
    }

    internal static string RuntimeClassReason(string runtimeClass) => $"node(s) didn't support runtime class \"{runtimeClass}\"";

    private static void Count(Dictionary<string, int> counts, string reason) =>
        counts[reason] = counts.GetValueOrDefault(reason) + 1;

    private static string RuntimeClassOf(Pod pod) =>
        pod.Spec?.RuntimeClassName is { Length: > 0 } name ? name : DefaultRuntimeClass;

    private static bool Supports(Node node, string runtimeClass)
    {
        foreach (var handler in node.Status?.RuntimeHandlers ?? [])
        {
            if (string.Equals(handler?.Name, runtimeClass, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static NodeSlot[] BuildSlots(IReadOnlyList<Node> nodes, IReadOnlyList<Pod> boundPods)
    {
        var slots = new List<NodeSlot>(nodes.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (node?.Metadata.Name is not { Length: > 0 } name || !seen.Add(name))
            {
                continue;
            }

            slots.Add(new NodeSlot
            {
                Name = name,
                Node = node,
                Block = BlockOf(node),
                AllocatableMilliCpu = Allocatable(node, "cpu", milli: true),
                AllocatableMemory = Allocatable(node, "memory", milli: false),
                AllocatablePods = Allocatable(node, "pods", milli: false),
            });
        }

        var array = slots.ToArray();
        Array.Sort(array, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var index = new Dictionary<string, int>(array.Length, StringComparer.Ordinal);
        for (var i = 0; i < array.Length; i++)
        {
            array[i].Prepare();
            index[array[i].Name] = i;
        }

        foreach (var pod in boundPods)
        {
            if (pod?.Spec?.NodeName is { Length: > 0 } nodeName && !IsFinished(pod) && index.TryGetValue(nodeName, out var i))
            {
                var (request, nonZero) = ResourceRequest.ForPod(pod);
                array[i].Add(request, nonZero);
            }
        }

        return array;
    }

    private static NodeBlock BlockOf(Node node)
    {
        if (node.Spec?.Unschedulable == true)
        {
            return NodeBlock.Unschedulable;
        }

        // The node-lifecycle controller taints a node not-ready when Ready is False or never reported, and
        // unreachable when Ready is Unknown; a pod tolerates neither by default.
        foreach (var condition in node.Status?.Conditions ?? [])
        {
            if (condition?.Type == "Ready")
            {
                return condition.Status switch
                {
                    "True" => NodeBlock.None,
                    "Unknown" => NodeBlock.Unreachable,
                    _ => NodeBlock.NotReady,
                };
            }
        }

        return NodeBlock.NotReady;
    }

    private static long Allocatable(Node node, string resource, bool milli)
    {
        // The API defaults allocatable to capacity; read capacity too in case a node was stored before that.
        var quantity = node.Status?.Allocatable is { } allocatable && allocatable.TryGetValue(resource, out var a) ? a
            : node.Status?.Capacity is { } capacity && capacity.TryGetValue(resource, out var c) ? c
            : null;
        return quantity is null ? 0 : milli ? ResourceRequest.MilliOf(quantity) : ResourceRequest.BytesOf(quantity);
    }

    private static List<Pod> OrderForPlacement(IReadOnlyList<Pod> pendingPods)
    {
        var pods = new List<Pod>(pendingPods.Count);
        foreach (var pod in pendingPods)
        {
            if (pod is not null && IsSchedulable(pod))
            {
                pods.Add(pod);
            }
        }

        pods.Sort(static (a, b) =>
        {
            var byAge = Nullable.Compare(a.Metadata.CreationTimestamp, b.Metadata.CreationTimestamp);
            if (byAge != 0)
            {
                return byAge;
            }

            var byNamespace = string.CompareOrdinal(a.Metadata.Namespace, b.Metadata.Namespace);
            return byNamespace != 0 ? byNamespace : string.CompareOrdinal(a.Metadata.Name, b.Metadata.Name);
        });
        return pods;
    }

    private static bool IsSchedulable(Pod pod) =>
        string.IsNullOrEmpty(pod.Spec?.NodeName) &&
        pod.Metadata.DeletionTimestamp is null &&
        !IsFinished(pod) &&
        (string.IsNullOrEmpty(pod.Spec?.SchedulerName) || pod.Spec.SchedulerName == ObjectDefaults.DefaultSchedulerName);

    private static bool IsFinished(Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";
}
