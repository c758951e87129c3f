using System.Globalization;
using System.Text;
using Orchestrator.Core.Defaulting;
using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Scheduling;

/// <summary>
/// The scheduler's decision as a pure function: filters nodes the way kube-scheduler's default plugins do
/// (unschedulable, not-ready and spec taints, node selector and required node affinity, runtime class, host ports,
/// resources fit, <c>DoNotSchedule</c> topology spread, pod anti-affinity on the hostname), scores the survivors by
/// least and balanced allocation, preferred node affinity, <c>PreferNoSchedule</c> taints and <c>ScheduleAnyway</c>
/// topology spread, and binds each pending pod to the best one, never overcommitting within a pass.
/// </summary>
public static class PodScheduler
{
    /// <summary>The runtime class of a pod that names none (design decision 7).</summary>
    public const string DefaultRuntimeClass = "docker";

    internal const double SpreadScoreWeight = 2;
    private const double NodeAffinityScoreWeight = 2;
    private const double TaintScoreWeight = 3;

    internal const string UnschedulableReason = "node(s) were unschedulable";
    internal const string NotReadyReason = "node(s) had untolerated taint {node.kubernetes.io/not-ready: }";
    internal const string UnreachableReason = "node(s) had untolerated taint {node.kubernetes.io/unreachable: }";
    internal const string NodeSelectorReason = "node(s) didn't match Pod's node affinity/selector";
    internal const string TooManyPodsReason = "Too many pods";
    internal const string InsufficientCpuReason = "Insufficient cpu";
    internal const string InsufficientMemoryReason = "Insufficient memory";
    internal const string HostPortsReason = "node(s) didn't have free ports for the requested pod ports";
    internal const string AntiAffinityReason = "node(s) didn't match pod anti-affinity rules";
    internal const string SpreadReason = "node(s) didn't match pod topology spread constraints";
    internal const string SpreadMissingLabelReason = "node(s) didn't match pod topology spread constraints (missing required label)";
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

        var trackPods = AnyAntiAffinity(pendingPods) || AnyAntiAffinity(boundPods);
        var (slots, bound) = BuildSlots(nodes, boundPods, trackPods);
        var spread = AnySpread(pendingPods) ? new SpreadIndex(slots, bound) : null;
        var bindings = new List<PodBinding>();
        var unschedulable = new List<UnschedulablePod>();
        var search = new NodeSearch(NumFeasibleNodesToFind(slots.Length));

        // Pods of one workload share runtime class, node selector, tolerations and node affinity, so the nodes those
        // allow (ready, schedulable, tolerated, running the class, matching selector and affinity) and their static
        // scores are worked out once per distinct combination.
        var feasibleByKey = new Dictionary<string, FeasibleNodes>(StringComparer.Ordinal);

        // In a full cluster many pods fail alike; their explanation only changes when a binding changes a node. Host
        // ports, anti-affinity and spread depend on the pod itself, so pods with those are explained each time.
        var explained = new Dictionary<(string Key, ResourceRequest Request), string>();
        foreach (var pod in OrderForPlacement(pendingPods))
        {
            var (request, nonZero) = ResourceRequest.ForPod(pod);
            var runtimeClass = RuntimeClassOf(pod);
            var nodeSelector = pod.Spec?.NodeSelector is { Count: > 0 } selector ? selector : null;
            var tolerations = pod.Spec?.Tolerations is { Count: > 0 } listed ? listed : null;
            var nodeAffinity = pod.Spec?.Affinity?.NodeAffinity;
            var key = FeasibilityKey(runtimeClass, nodeSelector, tolerations, nodeAffinity);
            if (!feasibleByKey.TryGetValue(key, out var feasible))
            {
                feasible = Feasible(slots, runtimeClass, nodeSelector, tolerations, nodeAffinity);
                feasibleByKey.Add(key, feasible);
            }

            var hostPorts = HostPortsOf(pod);
            var terms = trackPods ? AntiAffinityTerm.For(pod) : [];
            var constraints = spread?.For(pod, key, nodeSelector, nodeAffinity, tolerations) ?? [];
            var best = search.FindBest(slots, feasible, request, nonZero, pod, hostPorts, trackPods ? terms : null, constraints);
            if (best < 0)
            {
                var podSpecific = hostPorts is not null || trackPods || constraints.Length > 0;
                if (podSpecific || !explained.TryGetValue((key, request), out var message))
                {
                    message = Explain(slots, pod, runtimeClass, request, hostPorts, trackPods ? terms : null, constraints);
                    if (!podSpecific)
                    {
                        explained.Add((key, request), message);
                    }
                }

                unschedulable.Add(new UnschedulablePod(pod, message));
                continue;
            }

            explained.Clear();
            slots[best].Add(request, nonZero);
            slots[best].Occupy(pod, hostPorts, terms);
            spread?.Placed(pod, best);
            bindings.Add(new PodBinding(pod, slots[best].Name));
        }

        return new ScheduleResult(bindings, unschedulable);
    }

    /// <summary>
    /// How many feasible nodes kube-scheduler looks for before it stops filtering and scores what it found (its
    /// adaptive <c>percentageOfNodesToScore</c>): every node below 100, else 50% minus one point per 125 nodes, at
    /// least 5% and at least 100 nodes.
    /// </summary>
    internal static int NumFeasibleNodesToFind(int nodeCount)
    {
        const int MinFeasibleNodesToFind = 100;
        if (nodeCount < MinFeasibleNodesToFind)
        {
            return nodeCount;
        }

        var percentage = Math.Max(5, 50 - (nodeCount / 125));
        return Math.Max(MinFeasibleNodesToFind, (int)((long)nodeCount * percentage / 100));
    }

    private static FeasibleNodes Feasible(
        NodeSlot[] slots, string runtimeClass, Dictionary<string, string>? nodeSelector, List<Toleration>? tolerations, NodeAffinity? nodeAffinity)
    {
        var feasible = new List<int>();
        for (var i = 0; i < slots.Length; i++)
        {
            var node = slots[i].Node;
            if (slots[i].Block == NodeBlock.None &&
                TaintMatching.FirstUntolerated(node, tolerations) is null &&
                MatchesAffinity(node, nodeSelector, nodeAffinity) &&
                Supports(node, runtimeClass))
            {
                feasible.Add(i);
            }
        }

        int[] indices = [.. feasible];
        return new FeasibleNodes(indices, StaticScores(slots, indices, tolerations, nodeAffinity?.PreferredDuringSchedulingIgnoredDuringExecution));
    }

    /// <summary>
    /// The scores that do not change as the pass places pods, weighted as kube-scheduler's default profile does
    /// (node affinity 2, taint toleration 3, resources 1), each normalized over the candidates to [0, 1]: the sum of
    /// the weights of matching preferred terms over the highest sum, and one minus the count of intolerable
    /// <c>PreferNoSchedule</c> taints over the highest count. Null when both are the same for every candidate.
    /// </summary>
    private static double[]? StaticScores(NodeSlot[] slots, int[] indices, List<Toleration>? tolerations, List<PreferredSchedulingTerm>? preferred)
    {
        long[]? weights = null;
        int[]? taints = null;
        long maxWeight = 0;
        var maxTaints = 0;
        for (var k = 0; k < indices.Length; k++)
        {
            var node = slots[indices[k]].Node;
            if (preferred is { Count: > 0 })
            {
                long weight = 0;
                foreach (var term in preferred)
                {
                    if (term?.Preference is { } preference && term.Weight > 0 && NodeAffinityMatching.Matches(preference, node))
                    {
                        weight += term.Weight;
                    }
                }

                if (weight > 0)
                {
                    weights ??= new long[indices.Length];
                    weights[k] = weight;
                    maxWeight = Math.Max(maxWeight, weight);
                }
            }

            if (node.Spec?.Taints is { Count: > 0 })
            {
                var count = TaintMatching.IntolerablePreferNoSchedule(node, tolerations);
                if (count > 0)
                {
                    taints ??= new int[indices.Length];
                    taints[k] = count;
                    maxTaints = Math.Max(maxTaints, count);
                }
            }
        }

        if (weights is null && taints is null)
        {
            return null;
        }

        var scores = new double[indices.Length];
        for (var k = 0; k < indices.Length; k++)
        {
            var affinity = weights is null ? 0d : (double)weights[k] / maxWeight;
            var taint = taints is null ? 1d : 1d - ((double)taints[k] / maxTaints);
            scores[k] = (NodeAffinityScoreWeight * affinity) + (TaintScoreWeight * taint);
        }

        return scores;
    }

    internal static bool MatchesAffinity(Node node, Dictionary<string, string>? nodeSelector, NodeAffinity? nodeAffinity) =>
        (nodeSelector is null || MatchesNodeSelector(nodeSelector, node.Metadata.Labels)) &&
        (nodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution is not { } required || NodeAffinityMatching.Matches(required, node));

    private static string FeasibilityKey(
        string runtimeClass, Dictionary<string, string>? nodeSelector, List<Toleration>? tolerations, NodeAffinity? nodeAffinity)
    {
        if (nodeSelector is null && tolerations is null && nodeAffinity is null)
        {
            return runtimeClass;
        }

        // Label keys and values cannot contain control characters, so these separators are unambiguous.
        var key = new StringBuilder(runtimeClass);
        foreach (var (name, value) in (nodeSelector ?? []).OrderBy(static p => p.Key, StringComparer.Ordinal))
        {
            key.Append('\n').Append(name).Append('\t').Append(value);
        }

        foreach (var toleration in tolerations ?? [])
        {
            key.Append("\u0001").Append(toleration?.Key).Append('\t').Append(toleration?.Operator).Append('\t')
                .Append(toleration?.Value).Append('\t').Append(toleration?.Effect);
        }

        if (nodeAffinity is not null)
        {
            foreach (var term in nodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms ?? [])
            {
                key.Append("\u0002");
                AppendTerm(key, term);
            }

            // A present but empty required selector matches nothing, unlike an absent one.
            if (nodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution is not null)
            {
                key.Append("\u0003");
            }

            foreach (var term in nodeAffinity.PreferredDuringSchedulingIgnoredDuringExecution ?? [])
            {
                key.Append("\u0004").Append(term?.Weight.ToString(CultureInfo.InvariantCulture));
                AppendTerm(key, term?.Preference);
            }
        }

        return key.ToString();
    }

    private static void AppendTerm(StringBuilder key, NodeSelectorTerm? term)
    {
        foreach (var requirement in term?.MatchExpressions ?? [])
        {
            AppendRequirement(key.Append("\u0005"), requirement);
        }

        foreach (var requirement in term?.MatchFields ?? [])
        {
            AppendRequirement(key.Append("\u0006"), requirement);
        }
    }

    private static void AppendRequirement(StringBuilder key, NodeSelectorRequirement? requirement)
    {
        key.Append(requirement?.Key).Append('\t').Append(requirement?.Operator);
        foreach (var value in requirement?.Values ?? [])
        {
            key.Append('\t').Append(value);
        }

        key.Append('\u0007');
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
    /// (unschedulable, taints, affinity, runtime class, ports, resources, anti-affinity; the resources filter may give
    /// several reasons at once), and the <c>"count reason"</c> strings are sorted ordinally.
    /// </summary>
    private static string Explain(
        NodeSlot[] slots, Pod pod, string runtimeClass, in ResourceRequest request, int[]? hostPorts, AntiAffinityTerm[]? terms,
        SpreadConstraint[] constraints)
    {
        if (slots.Length == 0)
        {
            return NoNodesMessage;
        }

        var nodeSelector = pod.Spec?.NodeSelector is { Count: > 0 } selector ? selector : null;
        var tolerations = pod.Spec?.Tolerations;
        var nodeAffinity = pod.Spec?.Affinity?.NodeAffinity;
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

            if (TaintMatching.FirstUntolerated(slot.Node, tolerations) is { } taint)
            {
                Count(counts, TaintMatching.UntoleratedReason(taint));
                continue;
            }

            if (!MatchesAffinity(slot.Node, nodeSelector, nodeAffinity))
            {
                Count(counts, NodeSelectorReason);
                continue;
            }

            if (!Supports(slot.Node, runtimeClass))
            {
                Count(counts, RuntimeClassReason(runtimeClass));
                continue;
            }

            if (hostPorts is not null && slot.HasHostPortConflict(hostPorts))
            {
                Count(counts, HostPortsReason);
                continue;
            }

            var fits = true;
            if (slot.PodCount >= slot.AllocatablePods)
            {
                Count(counts, TooManyPodsReason);
                fits = false;
            }

            if (request.MilliCpu > 0 && request.MilliCpu > slot.AllocatableMilliCpu - slot.RequestedMilliCpu)
            {
                Count(counts, InsufficientCpuReason);
                fits = false;
            }

            if (request.MemoryBytes > 0 && request.MemoryBytes > slot.AllocatableMemory - slot.RequestedMemory)
            {
                Count(counts, InsufficientMemoryReason);
                fits = false;
            }

            if (!fits)
            {
                continue;
            }

            if (SpreadReasonFor(constraints, i) is { } spreadReason)
            {
                Count(counts, spreadReason);
                continue;
            }

            if (terms is not null && slot.HasAntiAffinityConflict(pod, terms))
            {
                Count(counts, AntiAffinityReason);
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

    /// <summary>Kubernetes' <c>PodTopologySpread</c> filter reason for the first hard constraint the node fails, if any.</summary>
    private static string? SpreadReasonFor(SpreadConstraint[] constraints, int slot)
    {
        foreach (var constraint in constraints)
        {
            if (!constraint.Hard)
            {
                continue;
            }

            if (constraint.Tracker.DomainOfSlot[slot] < 0)
            {
                return SpreadMissingLabelReason;
            }

            if (!constraint.Allows(slot))
            {
                return SpreadReason;
            }
        }

        return null;
    }

    /// <summary>
    /// The pod's host ports as port × 4 + protocol (TCP 0, UDP 1, SCTP 2), or null when it asks for none. Pods share
    /// their node's network (ADR 0012), so, as Kubernetes does for <c>hostNetwork</c> pods, every TCP container port
    /// is taken on the node even without a <c>hostPort</c>.
    /// </summary>
    private static int[]? HostPortsOf(Pod pod)
    {
        List<int>? ports = null;
        foreach (var container in pod.Spec?.Containers ?? [])
        {
            foreach (var port in container?.Ports ?? [])
            {
                if (port is null)
                {
                    continue;
                }

                var protocol = port.Protocol switch { "UDP" => 1, "SCTP" => 2, _ => 0 };
                var hostPort = port.HostPort is > 0 ? port.HostPort.Value : protocol == 0 ? port.ContainerPortNumber : 0;
                if (hostPort > 0)
                {
                    (ports ??= []).Add((hostPort * 4) + protocol);
                }
            }
        }

        return ports?.ToArray();
    }

    private static bool AnySpread(IReadOnlyList<Pod> pods)
    {
        foreach (var pod in pods)
        {
            if (pod?.Spec?.TopologySpreadConstraints is { Count: > 0 })
            {
                return true;
            }
        }

        return false;
    }

    private static bool AnyAntiAffinity(IReadOnlyList<Pod> pods)
    {
        foreach (var pod in pods)
        {
            if (pod?.Spec?.Affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution is { Count: > 0 })
            {
                return true;
            }
        }

        return false;
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

    private static (NodeSlot[] Slots, List<(int Slot, Pod Pod)> Bound) BuildSlots(IReadOnlyList<Node> nodes, IReadOnlyList<Pod> boundPods, bool trackPods)
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
            if (trackPods)
            {
                array[i].Pods = [];
            }
            index[array[i].Name] = i;
        }

        var bound = new List<(int Slot, Pod Pod)>(boundPods.Count);
        foreach (var pod in boundPods)
        {
            if (pod?.Spec?.NodeName is { Length: > 0 } nodeName && !IsFinished(pod) && index.TryGetValue(nodeName, out var i))
            {
                var (request, nonZero) = ResourceRequest.ForPod(pod);
                array[i].Add(request, nonZero);
                array[i].Occupy(pod, HostPortsOf(pod), trackPods ? AntiAffinityTerm.For(pod) : []);
                bound.Add((i, pod));
            }
        }

        return (array, bound);
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
