using Orchestrator.Agent.Pods;
using Orchestrator.Agent.Runtime;
using Orchestrator.Agent.Tests.Support;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Tests.Pods;

public sealed class PodStatusBuilderTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_AllContainersRunning_IsRunningAndReadyWithTheNodeAddress()
    {
        var pod = TestPods.Pod("web", "uid-1");

        var status = PodStatusBuilder.Build(Input(pod, [Containers.Running(pod, "app", T0, pid: 77)], now: T0.AddSeconds(1)));

        Assert.Equal("Running", status.Phase);
        Assert.Equal("10.0.0.5", status.HostIP);
        Assert.Equal("10.0.0.5", status.PodIP);
        Assert.Equal("10.0.0.5", Assert.Single(status.HostIPs!).Ip);
        Assert.Equal("10.0.0.5", Assert.Single(status.PodIPs!).Ip);
        Assert.Equal(T0.AddSeconds(1), status.StartTime);
        Assert.All(status.Conditions!, condition => Assert.Equal("True", condition.Status));
        Assert.Equal(["Initialized", "Ready", "ContainersReady", "PodScheduled"], status.Conditions!.Select(condition => condition.Type));
        var container = Assert.Single(status.ContainerStatuses!);
        Assert.Equal("app", container.Name);
        Assert.Equal(T0, container.State!.Running!.StartedAt);
        Assert.True(container.Ready);
        Assert.True(container.Started);
        Assert.Equal("busybox", container.Image);
        Assert.Equal("", container.ImageID);
        Assert.Equal("process://77", container.ContainerID);
    }

    [Fact]
    public void Build_TerminatingPodWhoseContainersStillRunReady_IsNotReady()
    {
        var pod = TestPods.Pod("web", "uid-1");
        pod.Metadata.DeletionTimestamp = T0.AddSeconds(30);
        pod.Metadata.DeletionGracePeriodSeconds = 30;

        var status = PodStatusBuilder.Build(Input(pod, [Containers.Running(pod, "app", T0, pid: 77)], now: T0.AddSeconds(1)));

        Assert.Equal("Running", status.Phase);
        Assert.True(Assert.Single(status.ContainerStatuses!).Ready);
        foreach (var type in (string[])["Ready", "ContainersReady"])
        {
            var condition = status.Conditions!.Single(c => c.Type == type);
            Assert.Equal("False", condition.Status);
            Assert.Equal(PodStatusBuilder.PodTerminating, condition.Reason);
        }
    }

    [Fact]
    public void Build_BackingOff_ReportsCrashLoopBackOffWithTheLastTermination()
    {
        var pod = TestPods.Pod("web", "uid-1");
        var exited = Containers.Exited(pod, "app", 2, T0, T0.AddSeconds(3), restartCount: 4);
        var backingOff = new Dictionary<ContainerKey, CrashLoopWait> { [exited.Key] = new(TimeSpan.FromSeconds(80), T0.AddSeconds(83)) };

        var status = PodStatusBuilder.Build(Input(pod, [exited], backingOff: backingOff));

        Assert.Equal("Running", status.Phase);
        var container = Assert.Single(status.ContainerStatuses!);
        Assert.Equal("CrashLoopBackOff", container.State!.Waiting!.Reason);
        Assert.Equal("back-off 1m20s restarting failed container=app pod=web_default(uid-1)", container.State.Waiting.Message);
        Assert.Equal(2, container.LastState!.Terminated!.ExitCode);
        Assert.Equal("Error", container.LastState.Terminated.Reason);
        Assert.Equal(4, container.RestartCount);
        Assert.False(container.Ready);
        Assert.Equal("ContainersNotReady", status.Conditions!.Single(condition => condition.Type == "Ready").Reason);
        Assert.Equal("containers with unready status: [app]", status.Conditions!.Single(condition => condition.Type == "Ready").Message);
    }

    [Theory]
    [InlineData("Never", 0, "Succeeded", "Completed")]
    [InlineData("Never", 1, "Failed", "Error")]
    [InlineData("OnFailure", 0, "Succeeded", "Completed")]
    public void Build_AllExitedAndNotRestarting_IsTerminal(string policy, int exitCode, string phase, string reason)
    {
        var pod = TestPods.Pod("job", "uid-1", restartPolicy: policy);

        var status = PodStatusBuilder.Build(Input(pod, [Containers.Exited(pod, "app", exitCode, T0, T0.AddSeconds(5))]));

        Assert.Equal(phase, status.Phase);
        var terminated = Assert.Single(status.ContainerStatuses!).State!.Terminated!;
        Assert.Equal(exitCode, terminated.ExitCode);
        Assert.Equal(reason, terminated.Reason);
        Assert.Equal(T0, terminated.StartedAt);
        Assert.Equal(T0.AddSeconds(5), terminated.FinishedAt);
        Assert.Equal("PodCompleted", status.Conditions!.Single(condition => condition.Type == "Ready").Reason);
    }

    [Fact]
    public void Build_OneRunningOneCompleted_IsRunningButNotReady()
    {
        var pod = TestPods.Pod("web", "uid-1", restartPolicy: "OnFailure", containers: [TestPods.Container("a", "/bin/true"), TestPods.Container("b", "/bin/true")]);

        var status = PodStatusBuilder.Build(Input(pod, [Containers.Running(pod, "a", T0), Containers.Exited(pod, "b", 0, T0, T0.AddSeconds(1))]));

        Assert.Equal("Running", status.Phase);
        Assert.Equal("False", status.Conditions!.Single(condition => condition.Type == "Ready").Status);
    }

    [Fact]
    public void Build_NotStartedYet_IsPendingWithContainerCreatingOrTheStartFailure()
    {
        var pod = TestPods.Pod("web", "uid-1", containers: [TestPods.Container("a", "/bin/true"), TestPods.Container("b", "/bin/true")]);
        var failures = new Dictionary<ContainerKey, StartFailure>
        {
            [new("uid-1", "b")] = new(Containers.Hash(pod, "b"), "CreateContainerError", "the process runtime needs command", T0, 1),
        };

        var status = PodStatusBuilder.Build(Input(pod, [], failures: failures));

        Assert.Equal("Pending", status.Phase);
        Assert.Equal("ContainerCreating", status.ContainerStatuses![0].State!.Waiting!.Reason);
        Assert.Equal("CreateContainerError", status.ContainerStatuses[1].State!.Waiting!.Reason);
        Assert.Equal("the process runtime needs command", status.ContainerStatuses[1].State!.Waiting!.Message);
    }

    [Fact]
    public void Build_UnsupportedRuntimeClass_IsPendingWithRuntimeClassNotSupported()
    {
        var pod = TestPods.Pod("web", "uid-1", runtimeClassName: null);

        var status = PodStatusBuilder.Build(Input(pod, [], supported: false));

        Assert.Equal("Pending", status.Phase);
        Assert.Equal("RuntimeClassNotSupported", status.Reason);
        var waiting = Assert.Single(status.ContainerStatuses!).State!.Waiting!;
        Assert.Equal("RuntimeClassNotSupported", waiting.Reason);
        Assert.Contains("\"process\"", waiting.Message, StringComparison.Ordinal);
        Assert.Null(status.PodIP);
    }

    [Fact]
    public void Build_ConditionUnchanged_KeepsItsTransitionTimeAndChangedOneMovesIt()
    {
        var pod = TestPods.Pod("web", "uid-1");
        var running = Containers.Running(pod, "app", T0);
        var first = PodStatusBuilder.Build(Input(pod, [running], now: T0));

        var same = PodStatusBuilder.Build(Input(pod, [running], previous: first, now: T0.AddMinutes(5)));
        Assert.All(same.Conditions!, condition => Assert.Equal(T0, condition.LastTransitionTime));
        Assert.Equal(T0, same.StartTime);

        var crashed = PodStatusBuilder.Build(Input(pod, [Containers.Exited(pod, "app", 1, T0, T0.AddMinutes(6))], previous: same, now: T0.AddMinutes(6)));
        Assert.Equal(T0.AddMinutes(6), crashed.Conditions!.Single(condition => condition.Type == "Ready").LastTransitionTime);
        Assert.Equal(T0, crashed.Conditions!.Single(condition => condition.Type == "PodScheduled").LastTransitionTime);
    }

    private static PodStatusInput Input(
        Pod pod,
        IReadOnlyList<RuntimeContainer> containers,
        bool supported = true,
        IReadOnlyDictionary<ContainerKey, CrashLoopWait>? backingOff = null,
        IReadOnlyDictionary<ContainerKey, StartFailure>? failures = null,
        PodStatus? previous = null,
        DateTimeOffset? now = null) =>
        new(
            pod,
            supported,
            "process",
            containers.ToDictionary(container => container.Key.ContainerName),
            backingOff ?? new Dictionary<ContainerKey, CrashLoopWait>(),
            failures ?? new Dictionary<ContainerKey, StartFailure>(),
            previous,
            "10.0.0.5",
            now ?? T0);
}
