using BenchmarkDotNet.Attributes;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Scheduling;

namespace Orchestrator.Benchmarks;

/// <summary>
/// One scheduling pass placing <see cref="PodCount"/> pods on 5,000 nodes in 3 zones, with mixed requests, node
/// selectors, tainted nodes with tolerating pods, and zone spread constraints. Operations are pods placed.
/// </summary>
[MemoryDiagnoser]
public class SchedulerBenchmark
{
    private const int NodeCount = 5000;
    private const int PodCount = 2000;
    private const string Zone = "topology.kubernetes.io/zone";

    private Node[] _nodes = [];
    private Pod[] _pending = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _nodes = [.. Enumerable.Range(0, NodeCount).Select(i => new Node
        {
            Metadata = new ObjectMeta
            {
                Name = $"node-{i:D5}",
                Labels = new() { ["kubernetes.io/hostname"] = $"node-{i:D5}", [Zone] = $"zone-{i % 3}", ["disk"] = i % 4 == 0 ? "ssd" : "hdd" },
            },
            Spec = new NodeSpec { Taints = i % 10 == 0 ? [new Taint { Key = "dedicated", Value = "batch", Effect = "NoSchedule" }] : null },
            Status = new NodeStatus
            {
                Allocatable = new() { ["cpu"] = new("8"), ["memory"] = new("32Gi"), ["pods"] = new("110") },
                Conditions = [new NodeCondition { Type = "Ready", Status = "True" }],
                RuntimeHandlers = [new NodeRuntimeHandler { Name = "docker" }],
            },
        })];
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        _pending = [.. Enumerable.Range(0, PodCount).Select(i =>
        {
            var app = $"app-{i % 20}";
            var spec = new PodSpec
            {
                Containers = [new Container { Name = "c", Image = "i", Resources = new ResourceRequirements { Requests = new() { ["cpu"] = new($"{100 + (random.Next(8) * 100)}m"), ["memory"] = new($"{128 + (random.Next(8) * 128)}Mi") } } }],
                NodeSelector = i % 5 == 0 ? new() { ["disk"] = "ssd" } : null,
                Tolerations = i % 7 == 0 ? [new Toleration { Key = "dedicated", Operator = "Exists" }] : null,
                TopologySpreadConstraints = i % 2 == 0
                    ? [new TopologySpreadConstraint { MaxSkew = 1, TopologyKey = Zone, WhenUnsatisfiable = i % 4 == 0 ? "DoNotSchedule" : "ScheduleAnyway", LabelSelector = new LabelSelector { MatchLabels = new() { ["app"] = app } } }]
                    : null,
            };
            return new Pod { Metadata = new ObjectMeta { Name = $"pod-{i:D5}", Namespace = "default", Labels = new() { ["app"] = app }, CreationTimestamp = start.AddMilliseconds(i) }, Spec = spec };
        })];
    }

    [Benchmark(OperationsPerInvoke = PodCount)]
    public int PlacePods() => PodScheduler.Schedule(_pending, _nodes, []).Bindings.Count;
}
