using Orchestrator.Core.Objects;
using Orchestrator.Core.Scheduling;
using static Orchestrator.Core.Tests.Scheduling.SchedulingFixtures;

namespace Orchestrator.Core.Tests.Scheduling;

/// <summary>Pods share their node's network (ADR 0012): every TCP container port is a host port taken on the node.</summary>
public sealed class PodSchedulerContainerPortTests
{
    private const string NoFreePorts = "node(s) didn't have free ports for the requested pod ports";

    private static Pod WithPort(Pod pod, int containerPort, string? protocol = null, int? hostPort = null)
    {
        pod.Spec!.Containers![0].Ports = [new ContainerPort { ContainerPortNumber = containerPort, Protocol = protocol, HostPort = hostPort }];
        return pod;
    }

    [Fact]
    public void Schedule_ContainerPortTakenByBoundPod_ReportsNoFreePorts()
    {
        var bound = WithPort(Pod("old", nodeName: "node-a"), 8080);

        var result = PodScheduler.Schedule([WithPort(Pod("web"), 8080)], [Node("node-a")], [bound]);

        Assert.Empty(result.Bindings);
        Assert.Equal($"0/1 nodes are available: 1 {NoFreePorts}.", Assert.Single(result.Unschedulable).Message);
    }

    [Fact]
    public void Schedule_ReplicasDeclaringTheSamePort_OnePerNodeAndTheRestPending()
    {
        Pod[] pods = [WithPort(Pod("web-1"), 8080, "TCP"), WithPort(Pod("web-2"), 8080, "TCP"), WithPort(Pod("web-3"), 8080, "TCP")];

        var result = PodScheduler.Schedule(pods, [Node("node-a"), Node("node-b")], []);

        Assert.Equal(["node-a", "node-b"], result.Bindings.Select(b => b.NodeName).Order());
        Assert.Equal($"0/2 nodes are available: 2 {NoFreePorts}.", Assert.Single(result.Unschedulable).Message);
    }

    [Fact]
    public void Schedule_DifferentContainerPorts_ShareANode()
    {
        var bound = WithPort(Pod("api", nodeName: "node-a"), 9090);

        var result = PodScheduler.Schedule([WithPort(Pod("web"), 8080)], [Node("node-a")], [bound]);

        Assert.Equal("node-a", Assert.Single(result.Bindings).NodeName);
    }

    [Fact]
    public void Schedule_ContainerPortEqualToAnotherPodsHostPort_Conflicts()
    {
        var bound = WithPort(Pod("proxy", nodeName: "node-a"), 80, hostPort: 8080);

        var result = PodScheduler.Schedule([WithPort(Pod("web"), 8080)], [Node("node-a")], [bound]);

        Assert.Empty(result.Bindings);
    }

    [Fact]
    public void Schedule_UdpContainerPortWithoutHostPort_TakesNothing()
    {
        var bound = WithPort(Pod("dns-1", nodeName: "node-a"), 53, "UDP");

        var result = PodScheduler.Schedule([WithPort(Pod("dns-2"), 53, "UDP")], [Node("node-a")], [bound]);

        Assert.Single(result.Bindings);
    }
}
