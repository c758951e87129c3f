using Orchestrator.Core.Objects;
using Orchestrator.Core.Scheduling;
using static Orchestrator.Core.Tests.Scheduling.SchedulingFixtures;

namespace Orchestrator.Core.Tests.Scheduling;

public sealed class PodSchedulerSpreadTests
{
    private const string Zone = "topology.kubernetes.io/zone";

    private static Node Zoned(string name, string? zone, string cpu = "4")
    {
        var labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name };
        if (zone is not null)
        {
            labels[Zone] = zone;
        }

        return Node(name, cpu: cpu, labels: labels);
    }

    private static Pod Web(string name, int ageSeconds = 0, string? nodeName = null, string? cpu = null, string when = "DoNotSchedule", int maxSkew = 1, int? minDomains = null, string key = Zone)
    {
        var pod = Pod(name, cpu: cpu, ageSeconds: ageSeconds, nodeName: nodeName);
        pod.Metadata.Labels = new() { ["app"] = "web" };
        pod.Spec!.TopologySpreadConstraints =
        [
            new TopologySpreadConstraint
            {
                MaxSkew = maxSkew,
                TopologyKey = key,
                WhenUnsatisfiable = when,
                MinDomains = minDomains,
                LabelSelector = new LabelSelector { MatchLabels = new() { ["app"] = "web" } },
            },
        ];
        return pod;
    }

    private static string[] Placement(ScheduleResult result) => [.. result.Bindings.Select(b => $"{b.Pod.Metadata.Name}->{b.NodeName}")];

    public static TheoryData<string, Node[], Pod[], Pod[], string[]> Placements => new()
    {
        {
            "DoNotSchedule sends the pod to the zone with fewer matching pods, though it is busier",
            [Zoned("a", "z1"), Zoned("b", "z1"), Zoned("c", "z2")],
            [Web("w1", nodeName: "a"), Web("w2", nodeName: "b"), Pod("other", cpu: "3", nodeName: "c")],
            [Web("w3")],
            ["w3->c"]
        },
        {
            "pods placed earlier in the pass count: four pods alternate over two zones",
            [Zoned("a", "z1"), Zoned("b", "z2")],
            [],
            [Web("w1", ageSeconds: 4), Web("w2", ageSeconds: 3), Web("w3", ageSeconds: 2), Web("w4", ageSeconds: 1)],
            ["w1->a", "w2->b", "w3->a", "w4->b"]
        },
        {
            "terminating pods do not count",
            [Zoned("a", "z1"), Zoned("b", "z2", cpu: "8")],
            [Terminating(Web("gone", nodeName: "a")), Pod("other", cpu: "7", nodeName: "b")],
            [Web("w1")],
            ["w1->a"]
        },
        {
            "spread on the hostname key puts one pod on each node before doubling up",
            [Zoned("a", "z1"), Zoned("b", "z1"), Zoned("c", "z1")],
            [Web("w0", nodeName: "a"), Pod("big", cpu: "3", nodeName: "b"), Pod("big2", cpu: "3", nodeName: "c")],
            [Web("w1", key: "kubernetes.io/hostname")],
            ["w1->b"]
        },
        {
            "ScheduleAnyway prefers the emptier zone over the least allocated node",
            [Zoned("a", "z1"), Zoned("b", "z2")],
            [Web("w1", nodeName: "a"), Web("w2", nodeName: "a"), Pod("other", cpu: "1", nodeName: "b")],
            [Web("w3", when: "ScheduleAnyway")],
            ["w3->b"]
        },
        {
            "ScheduleAnyway still schedules when the skew cannot be kept",
            [Zoned("a", "z1"), Zoned("b", "z2", cpu: "100m")],
            [Web("w1", nodeName: "a"), Pod("full", cpu: "100m", nodeName: "b")],
            [Web("w2", when: "ScheduleAnyway", cpu: "500m")],
            ["w2->a"]
        },
    };

    [Theory]
    [MemberData(nameof(Placements))]
    public void Schedule_SpreadConstraints_PlaceAsKubernetes(string scenario, Node[] nodes, Pod[] bound, Pod[] pending, string[] expected)
    {
        var result = PodScheduler.Schedule(pending, nodes, bound);

        Assert.True(expected.SequenceEqual(Placement(result)), $"{scenario}: {string.Join(", ", Placement(result))}");
    }

    public static TheoryData<string, Node[], Pod[], Pod, string> Refusals => new()
    {
        {
            "the only zone with room would exceed maxSkew",
            [Zoned("a", "z1"), Zoned("b", "z1"), Zoned("c", "z2", cpu: "100m")],
            [Web("w1", nodeName: "a"), Pod("full", cpu: "100m", nodeName: "c")],
            Web("w2", cpu: "500m"),
            "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match pod topology spread constraints."
        },
        {
            "a node without the topology key is refused for it",
            [Zoned("a", null), Zoned("b", "z1", cpu: "100m")],
            [Pod("full", cpu: "100m", nodeName: "b")],
            Web("w1", cpu: "500m"),
            "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match pod topology spread constraints (missing required label)."
        },
        {
            "minDomains above the number of zones makes the global minimum zero",
            [Zoned("a", "z1"), Zoned("b", "z2")],
            [Web("w1", nodeName: "a"), Web("w2", nodeName: "b")],
            Web("w3", minDomains: 3),
            "0/2 nodes are available: 2 node(s) didn't match pod topology spread constraints."
        },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Schedule_SpreadCannotBeKept_ExplainsAsKubernetes(string scenario, Node[] nodes, Pod[] bound, Pod pending, string message)
    {
        var result = PodScheduler.Schedule([pending], nodes, bound);

        Assert.Empty(result.Bindings);
        Assert.True(message == Assert.Single(result.Unschedulable).Message, $"{scenario}: {result.Unschedulable[0].Message}");
    }

    [Fact]
    public void Schedule_OtherNamespaceOrLabels_AreNotCounted()
    {
        var stranger = Web("w1", nodeName: "a");
        stranger.Metadata.Namespace = "other";
        var unrelated = Pod("db", nodeName: "a");

        var small = Zoned("b", "z2", cpu: "1");
        small.Status!.Allocatable!["memory"] = new Quantity("1Gi");

        var result = PodScheduler.Schedule([Web("w2")], [Zoned("a", "z1"), small], [stranger, unrelated]);

        // Nothing that counts is anywhere, so the least allocated node wins although it holds both pods.
        Assert.Equal(["w2->a"], Placement(result));
    }

    private static Pod Terminating(Pod pod)
    {
        pod.Metadata.DeletionTimestamp = Epoch;
        pod.Spec!.Containers![0].Resources!.Requests!["cpu"] = new Quantity("3");
        return pod;
    }
}
