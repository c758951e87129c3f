using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Pods;
using Orchestrator.Agent.Probes;
using Orchestrator.Agent.Runtime;
using Orchestrator.Agent.Tests.Support;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Tests.Probes;

/// <summary>What the reconciler and the status builder make of probe results.</summary>
public sealed class ProbeDecisionTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly PodReconciler _reconciler = new(new AgentOptions { MaxTerminationGracePeriod = TimeSpan.FromSeconds(20) }, "process");

    [Fact]
    public void Plan_LivenessKillForTheRunningContainer_StopsItWithTheProbesGracePeriod()
    {
        var pod = TestPods.Pod("web", "uid-1");
        var running = Containers.Running(pod, "app", T0, pid: 7);
        var kills = new Dictionary<ContainerKey, ProbeKill> { [running.Key] = new("process://7", "Container app failed liveness probe, will be restarted", 3) };

        var plan = _reconciler.Plan(new ReconcileInput([pod], [running], new HashSet<ContainerKey>(), new Dictionary<ContainerKey, StartFailure>(), T0, kills));

        var stop = Assert.Single(plan.Stops);
        Assert.Equal(TimeSpan.FromSeconds(3), stop.GracePeriod);
        Assert.Equal("Container app failed liveness probe, will be restarted", stop.Reason);
    }

    [Fact]
    public void Plan_KillForAnEarlierRun_LeavesTheNewRunAlone()
    {
        var pod = TestPods.Pod("web", "uid-1");
        var running = Containers.Running(pod, "app", T0, pid: 8);
        var kills = new Dictionary<ContainerKey, ProbeKill> { [running.Key] = new("process://7", "old", null) };

        var plan = _reconciler.Plan(new ReconcileInput([pod], [running], new HashSet<ContainerKey>(), new Dictionary<ContainerKey, StartFailure>(), T0, kills));

        Assert.False(plan.HasActions);
    }

    [Fact]
    public void Build_RunningWithStartupProbeNotYetPassed_IsNeitherStartedNorReady()
    {
        var container = TestPods.Container("app", "/bin/sleep", "30");
        container.StartupProbe = new Probe { TcpSocket = new TcpSocketAction { Port = IntOrString.FromInt(80) } };
        var pod = TestPods.Pod("web", "uid-1", containers: [container]);

        var status = Build(pod, Containers.Running(pod, "app", T0, pid: 7), probes: null);

        var app = Assert.Single(status.ContainerStatuses!);
        Assert.False(app.Started);
        Assert.False(app.Ready);
        Assert.Equal("False", status.Conditions!.Single(condition => condition.Type == "Ready").Status);
    }

    [Fact]
    public void Build_ReadinessPassedForTheCurrentRun_IsReady()
    {
        var container = TestPods.Container("app", "/bin/sleep", "30");
        container.ReadinessProbe = new Probe { TcpSocket = new TcpSocketAction { Port = IntOrString.FromInt(80) } };
        var pod = TestPods.Pod("web", "uid-1", containers: [container]);
        var running = Containers.Running(pod, "app", T0, pid: 7);

        var ready = Build(pod, running, new() { [running.Key] = new ContainerProbeStatus("process://7", Started: true, Ready: true, Kill: null) });
        var stale = Build(pod, running, new() { [running.Key] = new ContainerProbeStatus("process://6", Started: true, Ready: true, Kill: null) });

        Assert.True(ready.ContainerStatuses!.Single().Ready);
        Assert.Equal("True", ready.Conditions!.Single(condition => condition.Type == "ContainersReady").Status);
        Assert.False(stale.ContainerStatuses!.Single().Ready);
    }

    private static PodStatus Build(Pod pod, RuntimeContainer container, Dictionary<ContainerKey, ContainerProbeStatus>? probes) =>
        PodStatusBuilder.Build(new PodStatusInput(
            pod,
            true,
            "process",
            new Dictionary<string, RuntimeContainer> { [container.Key.ContainerName] = container },
            new Dictionary<ContainerKey, CrashLoopWait>(),
            new Dictionary<ContainerKey, StartFailure>(),
            null,
            "10.0.0.5",
            T0,
            probes));
}
