using Orchestrator.Core.Objects;
using Orchestrator.Core.Scheduling;
using static Orchestrator.Core.Tests.Scheduling.SchedulingFixtures;

namespace Orchestrator.Core.Tests.Scheduling;

public sealed class PodSchedulerTests
{
    [Fact]
    public void Schedule_PodFitsOneNode_BindsItThere()
    {
        var result = PodScheduler.Schedule([Pod("web", cpu: "500m", memory: "256Mi")], [Node("node-a")], []);

        var binding = Assert.Single(result.Bindings);
        Assert.Equal("web", binding.Pod.Metadata.Name);
        Assert.Equal("node-a", binding.NodeName);
        Assert.Empty(result.Unschedulable);
    }

    [Fact]
    public void Schedule_EveryNodeFailsForADifferentReason_ExplainsAsKubernetes()
    {
        Node[] nodes =
        [
            Node("small", cpu: "1"),
            Node("gpu", labels: new() { ["accelerator"] = "gpu" }),
            Node("cordoned", unschedulable: true, labels: new() { ["disk"] = "ssd" }),
        ];
        var pod = Pod("web", cpu: "2", nodeSelector: new() { ["disk"] = "ssd" });
        nodes[0].Metadata.Labels = new() { ["disk"] = "ssd" };

        var result = PodScheduler.Schedule([pod], nodes, []);

        Assert.Empty(result.Bindings);
        var failure = Assert.Single(result.Unschedulable);
        Assert.Same(pod, failure.Pod);
        Assert.Equal(
            "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) were unschedulable.",
            failure.Message);
    }

    [Theory]
    [InlineData("False", "0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }.")]
    [InlineData(null, "0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }.")]
    [InlineData("Unknown", "0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }.")]
    public void Schedule_NodeNotReady_ReportsTheTaintKubernetesWouldSet(string? ready, string expected)
    {
        var result = PodScheduler.Schedule([Pod("web")], [Node("node-a", ready: ready!)], []);

        Assert.Equal(expected, Assert.Single(result.Unschedulable).Message);
    }

    [Fact]
    public void Schedule_NoRuntimeClass_NeedsDocker()
    {
        var result = PodScheduler.Schedule([Pod("web")], [Node("bare-metal", runtimes: "process")], []);

        Assert.Equal("0/1 nodes are available: 1 node(s) didn't support runtime class \"docker\".", Assert.Single(result.Unschedulable).Message);
    }

    [Fact]
    public void Schedule_ProcessRuntimeClass_GoesOnlyToNodesThatRunProcesses()
    {
        Node[] nodes = [Node("a-docker", runtimes: "docker"), Node("b-both", runtimes: ["docker", "process"])];

        var result = PodScheduler.Schedule([Pod("job", runtimeClass: "process")], nodes, []);

        Assert.Equal("b-both", Assert.Single(result.Bindings).NodeName);
    }

    [Fact]
    public void Schedule_ProcessRuntimeClassUnsupported_NamesTheClass()
    {
        var result = PodScheduler.Schedule([Pod("job", runtimeClass: "process")], [Node("node-a"), Node("node-b")], []);

        Assert.Equal("0/2 nodes are available: 2 node(s) didn't support runtime class \"process\".", Assert.Single(result.Unschedulable).Message);
    }

    [Fact]
    public void Schedule_PodsOutgrowTheNodeInOnePass_NeverOvercommits()
    {
        Pod[] pods = [Pod("p1", cpu: "400m", ageSeconds: 3), Pod("p2", cpu: "400m", ageSeconds: 2), Pod("p3", cpu: "400m", ageSeconds: 1)];

        var result = PodScheduler.Schedule(pods, [Node("node-a", cpu: "1")], []);

        Assert.Equal(["p1", "p2"], result.Bindings.Select(static b => b.Pod.Metadata.Name));
        var failure = Assert.Single(result.Unschedulable);
        Assert.Equal("p3", failure.Pod.Metadata.Name);
        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu.", failure.Message);
    }

    [Fact]
    public void Schedule_BoundPodsUseTheNode_CountsTheirRequests()
    {
        Pod[] bound = [Pod("running", cpu: "800m", memory: "1Gi", nodeName: "node-a", phase: "Running")];

        var result = PodScheduler.Schedule([Pod("web", cpu: "300m")], [Node("node-a", cpu: "1")], bound);

        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu.", Assert.Single(result.Unschedulable).Message);
    }

    [Fact]
    public void Schedule_BoundPodsHaveFinished_FreeTheirRequests()
    {
        Pod[] bound = [Pod("done", cpu: "800m", nodeName: "node-a", phase: "Succeeded"), Pod("crashed", cpu: "800m", nodeName: "node-a", phase: "Failed")];

        var result = PodScheduler.Schedule([Pod("web", cpu: "300m")], [Node("node-a", cpu: "1")], bound);

        Assert.Equal("node-a", Assert.Single(result.Bindings).NodeName);
    }

    [Fact]
    public void Schedule_NodeHoldsItsMaximumPods_ReportsTooManyPods()
    {
        Pod[] bound = [Pod("one", nodeName: "node-a"), Pod("two", nodeName: "node-a")];

        var result = PodScheduler.Schedule([Pod("three")], [Node("node-a", pods: 2)], bound);

        Assert.Equal("0/1 nodes are available: 1 Too many pods.", Assert.Single(result.Unschedulable).Message);
    }

    [Fact]
    public void Schedule_NodeShortOfCpuAndMemory_ReportsBoth()
    {
        var result = PodScheduler.Schedule([Pod("big", cpu: "8", memory: "64Gi")], [Node("node-a", cpu: "4", memory: "8Gi")], []);

        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory.", Assert.Single(result.Unschedulable).Message);
    }

    [Fact]
    public void Schedule_ReasonCounts_SortAsKubernetesSortsTheirText()
    {
        // kube-scheduler sorts the "count reason" strings, so "10 ..." comes before "2 ...".
        var nodes = Enumerable.Range(0, 10).Select(static i => Node($"cordoned-{i}", unschedulable: true))
            .Concat([Node("small-1", cpu: "1"), Node("small-2", cpu: "1")])
            .ToList();

        var result = PodScheduler.Schedule([Pod("web", cpu: "2")], nodes, []);

        Assert.Equal("0/12 nodes are available: 10 node(s) were unschedulable, 2 Insufficient cpu.", Assert.Single(result.Unschedulable).Message);
    }

    [Fact]
    public void Schedule_NoNodes_SaysSo()
    {
        var result = PodScheduler.Schedule([Pod("web")], [], []);

        Assert.Equal("no nodes available to schedule pods", Assert.Single(result.Unschedulable).Message);
    }

    [Fact]
    public void Schedule_ContainerWithLimitsOnly_RequestsItsLimits()
    {
        var pod = Pod("web");
        pod.Spec!.Containers![0].Resources = new ResourceRequirements
        {
            Limits = new() { ["cpu"] = new("2"), ["memory"] = new("1Gi") },
        };

        var tooSmall = PodScheduler.Schedule([pod], [Node("node-a", cpu: "1")], []);
        var bigEnough = PodScheduler.Schedule([pod], [Node("node-b", cpu: "2")], []);

        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu.", Assert.Single(tooSmall.Unschedulable).Message);
        Assert.Equal("node-b", Assert.Single(bigEnough.Bindings).NodeName);
    }

    [Fact]
    public void Schedule_RequestsSummedOverContainers_MustFitTogether()
    {
        var pod = Pod("web", cpu: "600m");
        pod.Spec!.Containers!.Add(new Container { Name = "sidecar", Resources = new() { Requests = new() { ["cpu"] = new("600m") } } });

        var result = PodScheduler.Schedule([pod], [Node("node-a", cpu: "1")], []);

        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu.", Assert.Single(result.Unschedulable).Message);
    }

    [Fact]
    public void Schedule_IdenticalNodes_SpreadsPodsAndBreaksTiesByName()
    {
        Pod[] pods = Enumerable.Range(0, 4).Select(static i => Pod($"web-{i}", cpu: "500m", memory: "512Mi", ageSeconds: 10 - i)).ToArray();

        var result = PodScheduler.Schedule(pods, [Node("node-b"), Node("node-a")], []);

        Assert.Equal(["node-a", "node-b", "node-a", "node-b"], result.Bindings.Select(static b => b.NodeName));
    }

    [Fact]
    public void Schedule_BestEffortPods_StillSpreadOut()
    {
        Pod[] pods = Enumerable.Range(0, 4).Select(static i => Pod($"web-{i}", ageSeconds: 10 - i)).ToArray();

        var result = PodScheduler.Schedule(pods, [Node("node-a"), Node("node-b")], []);

        Assert.Equal(2, result.Bindings.Count(static b => b.NodeName == "node-a"));
        Assert.Equal(2, result.Bindings.Count(static b => b.NodeName == "node-b"));
    }

    [Fact]
    public void Schedule_LeastAllocatedNode_WinsOverAlphabeticalOrder()
    {
        Pod[] bound = [Pod("busy", cpu: "3", memory: "6Gi", nodeName: "node-a")];

        var result = PodScheduler.Schedule([Pod("web", cpu: "500m", memory: "512Mi")], [Node("node-a"), Node("node-b")], bound);

        Assert.Equal("node-b", Assert.Single(result.Bindings).NodeName);
    }

    [Fact]
    public void Schedule_OneSlotLeft_GoesToTheOldestPodWhateverTheInputOrder()
    {
        var young = Pod("aaa-young", cpu: "1", ageSeconds: 1);
        var old = Pod("zzz-old", cpu: "1", ageSeconds: 100);

        var forward = PodScheduler.Schedule([young, old], [Node("node-a", cpu: "1")], []);
        var backward = PodScheduler.Schedule([old, young], [Node("node-a", cpu: "1")], []);

        Assert.Equal("zzz-old", Assert.Single(forward.Bindings).Pod.Metadata.Name);
        Assert.Equal("zzz-old", Assert.Single(backward.Bindings).Pod.Metadata.Name);
    }

    [Fact]
    public void Schedule_SameCreationTime_OrdersByNamespaceThenName()
    {
        Pod[] pods = [Pod("b", ns: "prod"), Pod("a", ns: "prod"), Pod("z", ns: "dev")];

        var result = PodScheduler.Schedule(pods, [Node("node-a")], []);

        Assert.Equal(["dev/z", "prod/a", "prod/b"], result.Bindings.Select(static b => $"{b.Pod.Metadata.Namespace}/{b.Pod.Metadata.Name}"));
    }

    [Fact]
    public void Schedule_PodsNotWaitingForThisScheduler_AreLeftAlone()
    {
        var bound = Pod("bound", nodeName: "node-a");
        var deleting = Pod("deleting");
        deleting.Metadata.DeletionTimestamp = Epoch;
        var other = Pod("other");
        other.Spec!.SchedulerName = "my-scheduler";
        var finished = Pod("finished", phase: "Failed");

        var result = PodScheduler.Schedule([bound, deleting, other, finished], [Node("node-a")], []);

        Assert.Empty(result.Bindings);
        Assert.Empty(result.Unschedulable);
    }

    [Fact]
    public void Schedule_MemoryInBinaryUnits_ComparesBytes()
    {
        Pod[] pods = [Pod("a", memory: "512Mi", ageSeconds: 2), Pod("b", memory: "513Mi", ageSeconds: 1)];

        var result = PodScheduler.Schedule(pods, [Node("node-a", memory: "1Gi")], []);

        Assert.Equal("a", Assert.Single(result.Bindings).Pod.Metadata.Name);
        Assert.Equal("0/1 nodes are available: 1 Insufficient memory.", Assert.Single(result.Unschedulable).Message);
    }

    [Fact]
    public void Schedule_ThousandsOfPodsOnThousandsOfNodes_PlacesAllWithoutOvercommit()
    {
        var nodes = Enumerable.Range(0, 2000).Select(static i => Node($"node-{i:D4}", cpu: "4", memory: "8Gi")).ToList();
        var pods = Enumerable.Range(0, 5000).Select(static i => Pod($"pod-{i:D4}", cpu: "1", memory: "1Gi", ageSeconds: i % 97)).ToList();

        var result = PodScheduler.Schedule(pods, nodes, []);

        Assert.Equal(5000, result.Bindings.Count);
        Assert.All(result.Bindings.GroupBy(static b => b.NodeName), static g => Assert.InRange(g.Count(), 2, 3));
        Assert.Equal(pods.Select(static p => p.Metadata.Name).Order(StringComparer.Ordinal), result.Bindings.Select(static b => b.Pod.Metadata.Name!).Order(StringComparer.Ordinal));
    }
}
