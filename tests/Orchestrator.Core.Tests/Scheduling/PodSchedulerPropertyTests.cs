using CsCheck;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Scheduling;
using static Orchestrator.Core.Tests.Scheduling.SchedulingFixtures;

namespace Orchestrator.Core.Tests.Scheduling;

/// <summary>Invariants of the scheduler over random clusters (CsCheck shrinks a failure to its smallest seed).</summary>
public sealed class PodSchedulerPropertyTests
{
    private const string Zone = "topology.kubernetes.io/zone";
    private const int SpreadMaxSkew = 1;

    private static readonly Gen<(Node[] Nodes, Pod[] Bound, Pod[] Pending)> Clusters =
        Gen.Select(Gen.Int[1, 14], Gen.Int[0, 12], Gen.Int[0, 40], Gen.Int)
            .Select(static t => Cluster(t.Item1, t.Item2, t.Item3, t.Item4));

    [Fact]
    public void Schedule_RandomClusters_NeverOvercommitsCpuMemoryOrPods() =>
        Clusters.Sample(static c =>
        {
            var result = PodScheduler.Schedule(c.Pending, c.Nodes, c.Bound);
            foreach (var node in c.Nodes)
            {
                var name = node.Metadata.Name!;
                var pods = c.Bound.Where(p => p.Spec!.NodeName == name && p.Status?.Phase is not ("Succeeded" or "Failed"))
                    .Concat(result.Bindings.Where(b => b.NodeName == name).Select(b => b.Pod)).ToList();
                var placed = result.Bindings.Count(b => b.NodeName == name);
                if (placed == 0)
                {
                    continue;
                }

                // Bound pods are placed at random and may already overfill a node; then only pods asking for none of
                // the resource may join them, as in Kubernetes.
                var allocatable = node.Status!.Allocatable!;
                var added = result.Bindings.Where(b => b.NodeName == name).Select(b => ResourceRequest.ForPod(b.Pod).Actual).ToList();
                var before = pods.Count - placed;
                Assert.True(pods.Count <= Math.Max(before, ResourceRequest.BytesOf(allocatable["pods"])), $"{name}: too many pods");
                Fits(name, "cpu", pods.Sum(p => ResourceRequest.ForPod(p).Actual.MilliCpu), added.Sum(r => r.MilliCpu), ResourceRequest.MilliOf(allocatable["cpu"]));
                Fits(name, "memory", pods.Sum(p => ResourceRequest.ForPod(p).Actual.MemoryBytes), added.Sum(r => r.MemoryBytes), ResourceRequest.BytesOf(allocatable["memory"]));
            }
        }, iter: 300);

    private static void Fits(string node, string resource, long total, long added, long allocatable) =>
        Assert.True(total <= allocatable || added == 0, $"{node}: {resource} overcommitted ({total} > {allocatable})");

    [Fact]
    public void Schedule_RandomClusters_NeverBindsToUnreadyUnschedulableOrUntoleratedTaintedNodes() =>
        Clusters.Sample(static c =>
        {
            var byName = c.Nodes.ToDictionary(n => n.Metadata.Name!);
            foreach (var binding in PodScheduler.Schedule(c.Pending, c.Nodes, c.Bound).Bindings)
            {
                var node = byName[binding.NodeName];
                Assert.Equal("True", node.Status!.Conditions!.Single(x => x.Type == "Ready").Status);
                Assert.NotEqual(true, node.Spec?.Unschedulable);
                foreach (var taint in node.Spec?.Taints ?? [])
                {
                    Assert.True(taint.Effect == "PreferNoSchedule" || TaintMatching.IsTolerated(taint, binding.Pod.Spec!.Tolerations), $"{binding.NodeName}: {taint.Key}");
                }
            }
        }, iter: 300);

    [Fact]
    public void Schedule_SameInput_SameAnswer() =>
        Clusters.Sample(static c =>
        {
            var first = PodScheduler.Schedule(c.Pending, c.Nodes, c.Bound);
            var second = PodScheduler.Schedule([.. c.Pending.Reverse()], [.. c.Nodes.Reverse()], [.. c.Bound.Reverse()]);
            Assert.Equal(first.Bindings.Select(b => (b.Pod.Metadata.Name, b.NodeName)), second.Bindings.Select(b => (b.Pod.Metadata.Name, b.NodeName)));
            Assert.Equal(first.Unschedulable.Select(u => (u.Pod.Metadata.Name, u.Message)), second.Unschedulable.Select(u => (u.Pod.Metadata.Name, u.Message)));
        }, iter: 200);

    [Fact]
    public void Schedule_DoNotScheduleSpread_NeverExceedsMaxSkew() =>
        Clusters.Sample(static c =>
        {
            var result = PodScheduler.Schedule(c.Pending, c.Nodes, c.Bound);

            // Every node has a zone and spread pods carry no node selector, so every zone is a domain.
            var zoneOf = c.Nodes.ToDictionary(n => n.Metadata.Name!, n => n.Metadata.Labels![Zone]);
            var counts = zoneOf.Values.Distinct().ToDictionary(z => z, _ => 0);
            foreach (var binding in result.Bindings.Where(b => b.Pod.Metadata.Labels?["app"] == "spread"))
            {
                counts[zoneOf[binding.NodeName]]++;
            }

            Assert.True(counts.Values.Max() - counts.Values.Min() <= SpreadMaxSkew, string.Join(", ", counts));
        }, iter: 300);

    /// <summary>A random cluster: nodes in up to three zones, some unready, cordoned or tainted; pods of two apps.</summary>
    private static (Node[] Nodes, Pod[] Bound, Pod[] Pending) Cluster(int nodeCount, int boundCount, int pendingCount, int seed)
    {
        var random = new Random(seed);
        var nodes = new Node[nodeCount];
        for (var i = 0; i < nodeCount; i++)
        {
            var node = Node(
                $"node-{i:D2}",
                cpu: $"{random.Next(1, 8) * 500}m",
                memory: $"{random.Next(1, 16)}Gi",
                pods: random.Next(1, 10),
                ready: random.Next(6) == 0 ? "False" : "True",
                unschedulable: random.Next(8) == 0,
                labels: new() { [Zone] = $"z{random.Next(3)}" });
            node.Spec!.Taints = random.Next(4) switch
            {
                0 => [new Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }],
                1 => [new Taint { Key = "flaky", Effect = "NoExecute" }],
                2 => [new Taint { Key = "old", Effect = "PreferNoSchedule" }],
                _ => null,
            };
            nodes[i] = node;
        }

        Pod NewPod(string name, string? nodeName)
        {
            var pod = Pod(name, cpu: $"{random.Next(0, 5) * 250}m", memory: $"{random.Next(0, 5) * 512}Mi", ageSeconds: random.Next(100), nodeName: nodeName);
            var spread = random.Next(2) == 0;
            pod.Metadata.Labels = new() { ["app"] = spread ? "spread" : "plain" };
            if (spread && nodeName is null)
            {
                pod.Spec!.TopologySpreadConstraints =
                [
                    new TopologySpreadConstraint
                    {
                        MaxSkew = SpreadMaxSkew,
                        TopologyKey = Zone,
                        WhenUnsatisfiable = "DoNotSchedule",
                        LabelSelector = new LabelSelector { MatchLabels = new() { ["app"] = "spread" } },
                    },
                ];
            }

            if (random.Next(3) == 0)
            {
                pod.Spec!.Tolerations = [new Toleration { Key = "dedicated", Operator = "Exists" }];
            }

            return pod;
        }

        // Bound pods do not carry the spread label, so the skew is judged on this pass's placements alone.
        var bound = Enumerable.Range(0, boundCount).Select(i =>
        {
            var pod = NewPod($"bound-{i:D2}", nodes[random.Next(nodeCount)].Metadata.Name);
            pod.Metadata.Labels!["app"] = "plain";
            return pod;
        }).ToArray();
        var pending = Enumerable.Range(0, pendingCount).Select(i => NewPod($"pending-{i:D2}", null)).ToArray();
        return (nodes, bound, pending);
    }
}
