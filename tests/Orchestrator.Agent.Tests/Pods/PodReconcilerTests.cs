using Microsoft.Extensions.Time.Testing;
using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Pods;
using Orchestrator.Agent.Runtime;
using Orchestrator.Agent.Tests.Support;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Tests.Pods;

public sealed class PodReconcilerTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly PodReconciler _reconciler = new(new AgentOptions { MaxTerminationGracePeriod = TimeSpan.FromSeconds(20) }, "process");

    [Fact]
    public void Plan_NewPod_StartsEveryContainer()
    {
        var pod = TestPods.Pod("web", "uid-1", containers: [TestPods.Container("a", "/bin/true"), TestPods.Container("b", "/bin/true")]);

        var plan = _reconciler.Plan(Input([pod], [], T0));

        Assert.Equal(["a", "b"], plan.Starts.Select(launch => launch.Spec.Name));
        Assert.All(plan.Starts, launch => Assert.Equal(0, launch.RestartCount));
        Assert.Empty(plan.Stops);
    }

    [Fact]
    public void Plan_HealthyContainerOfUnchangedPod_DoesNothing()
    {
        var pod = TestPods.Pod("web", "uid-1");

        var plan = _reconciler.Plan(Input([pod], [Containers.Running(pod, "app", T0)], T0.AddHours(1)));

        Assert.False(plan.HasActions);
        Assert.Empty(plan.BackingOff);
    }

    [Fact]
    public void Plan_SpecChangedWhileRunning_StopsTheOldContainerFirst()
    {
        var pod = TestPods.Pod("web", "uid-1");
        var running = Containers.Running(pod, "app", T0);
        pod.Spec!.Containers![0].Args = ["--new"];

        var plan = _reconciler.Plan(Input([pod], [running], T0));

        var stop = Assert.Single(plan.Stops);
        Assert.Equal(running.Key, stop.Key);
        Assert.Equal(TimeSpan.FromSeconds(1), stop.GracePeriod);
        Assert.Empty(plan.Starts);
    }

    [Fact]
    public void Plan_SpecChangedAndOldContainerStopped_StartsTheNewSpecAsARestart()
    {
        var pod = TestPods.Pod("web", "uid-1");
        var stopped = Containers.Exited(pod, "app", 143, T0, T0.AddSeconds(5), restartCount: 2, backoffStep: 3);
        pod.Spec!.Containers![0].Args = ["--new"];

        var plan = _reconciler.Plan(Input([pod], [stopped], T0.AddSeconds(5)));

        var start = Assert.Single(plan.Starts);
        Assert.Equal(ContainerSpecHash.Compute(pod.Spec.Containers[0]), start.SpecHash);
        Assert.Equal(3, start.RestartCount);
        Assert.Equal(0, start.BackoffStep);
        Assert.Equal(stopped.Exit, start.LastState);
    }

    [Fact]
    public void Plan_ContainerBeingStopped_IsLeftAlone()
    {
        var pod = TestPods.Pod("web", "uid-1");
        var running = Containers.Running(pod, "app", T0);
        pod.Spec!.Containers![0].Args = ["--new"];

        var plan = _reconciler.Plan(Input([pod], [running], T0, stopping: new HashSet<ContainerKey> { running.Key }));

        Assert.False(plan.HasActions);
    }

    [Fact]
    public void Plan_PodGone_StopsItsRunningContainersAndForgetsExitedOnes()
    {
        var gone = TestPods.Pod("old", "uid-old", containers: [TestPods.Container("a", "/bin/true"), TestPods.Container("b", "/bin/true")]);
        var running = Containers.Running(gone, "a", T0) with { TerminationGracePeriod = TimeSpan.FromMinutes(10) };
        var exited = Containers.Exited(gone, "b", 0, T0, T0.AddSeconds(1));

        var plan = _reconciler.Plan(Input([], [running, exited], T0.AddMinutes(1)));

        var stop = Assert.Single(plan.Stops);
        Assert.Equal(running.Key, stop.Key);
        Assert.Equal(TimeSpan.FromSeconds(20), stop.GracePeriod); // capped by MaxTerminationGracePeriod
        Assert.Equal([exited.Key], plan.Removals);
        Assert.Empty(plan.Starts);
    }

    [Fact]
    public void Plan_PodBeingDeleted_StopsWithTheDeletionGracePeriodAndStartsNothing()
    {
        var pod = TestPods.Pod("web", "uid-1", containers: [TestPods.Container("a", "/bin/true"), TestPods.Container("b", "/bin/true")]);
        pod.Metadata.DeletionTimestamp = T0;
        pod.Metadata.DeletionGracePeriodSeconds = 7;

        var plan = _reconciler.Plan(Input([pod], [Containers.Running(pod, "a", T0)], T0));

        Assert.Equal(TimeSpan.FromSeconds(7), Assert.Single(plan.Stops).GracePeriod);
        Assert.Empty(plan.Starts);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("docker")]
    public void Plan_OtherRuntimeClass_StartsNothing(string? runtimeClassName)
    {
        var pod = TestPods.Pod("web", "uid-1", runtimeClassName: runtimeClassName);

        Assert.False(_reconciler.Plan(Input([pod], [], T0)).HasActions);
    }

    [Theory]
    [InlineData("Always", 0, true)]
    [InlineData("Always", 1, true)]
    [InlineData("OnFailure", 0, false)]
    [InlineData("OnFailure", 2, true)]
    [InlineData("Never", 0, false)]
    [InlineData("Never", 1, false)]
    public void Plan_ExitedContainer_RestartsPerRestartPolicy(string policy, int exitCode, bool restarts)
    {
        var pod = TestPods.Pod("job", "uid-1", restartPolicy: policy);
        var exited = Containers.Exited(pod, "app", exitCode, T0, T0.AddSeconds(3));

        var plan = _reconciler.Plan(Input([pod], [exited], T0.AddSeconds(3)));

        Assert.Equal(restarts, plan.Starts.Count == 1);
        Assert.Empty(plan.Stops);
        Assert.Empty(plan.Removals);
    }

    [Fact]
    public void Plan_CrashingContainer_RestartsFirstAtOnceThenBacksOffDoublingToTheMaximum()
    {
        var time = new FakeTimeProvider(T0);
        var pod = TestPods.Pod("web", "uid-1");
        var expected = new[] { 0, 10, 20, 40, 80, 160, 300, 300 };
        var step = 0;
        var restartCount = 0;
        foreach (var seconds in expected)
        {
            // Each run crashes after two seconds.
            var startedAt = time.GetUtcNow();
            time.Advance(TimeSpan.FromSeconds(2));
            var exited = Containers.Exited(pod, "app", 1, startedAt, time.GetUtcNow(), restartCount, step);

            var plan = _reconciler.Plan(Input([pod], [exited], time.GetUtcNow()));
            if (seconds > 0)
            {
                var wait = plan.BackingOff[exited.Key];
                Assert.Equal(TimeSpan.FromSeconds(seconds), wait.Delay);
                Assert.Empty(plan.Starts);
                time.Advance(TimeSpan.FromSeconds(seconds) - TimeSpan.FromMilliseconds(1));
                Assert.Empty(_reconciler.Plan(Input([pod], [exited], time.GetUtcNow())).Starts);
                time.Advance(TimeSpan.FromMilliseconds(1));
                plan = _reconciler.Plan(Input([pod], [exited], time.GetUtcNow()));
            }

            var start = Assert.Single(plan.Starts);
            Assert.Equal(restartCount + 1, start.RestartCount);
            Assert.Equal(exited.Exit, start.LastState);
            step = start.BackoffStep;
            restartCount = start.RestartCount;
        }
    }

    [Fact]
    public void Plan_ContainerRanLongerThanTheResetTime_RestartsWithoutBackoff()
    {
        var pod = TestPods.Pod("web", "uid-1");
        var exited = Containers.Exited(pod, "app", 1, T0, T0.AddMinutes(10), restartCount: 9, backoffStep: 7);

        var plan = _reconciler.Plan(Input([pod], [exited], T0.AddMinutes(10)));

        var start = Assert.Single(plan.Starts);
        Assert.Equal(1, start.BackoffStep);
        Assert.Equal(10, start.RestartCount);
    }

    [Fact]
    public void Plan_StartFailedForTheSameSpec_RetriesAfterBackoff()
    {
        var pod = TestPods.Pod("web", "uid-1");
        var key = new ContainerKey("uid-1", "app");
        var failures = new Dictionary<ContainerKey, StartFailure>
        {
            [key] = new(Containers.Hash(pod, "app"), "CreateContainerError", "boom", T0, Attempts: 1),
        };

        Assert.Empty(_reconciler.Plan(Input([pod], [], T0.AddSeconds(9), failures: failures)).Starts);
        Assert.Single(_reconciler.Plan(Input([pod], [], T0.AddSeconds(10), failures: failures)).Starts);

        pod.Spec!.Containers![0].Command = ["/bin/fixed"];
        Assert.Single(_reconciler.Plan(Input([pod], [], T0.AddSeconds(1), failures: failures)).Starts);
    }

    [Fact]
    public void Plan_TerminationGracePeriod_IsCappedByTheOption()
    {
        var pod = TestPods.Pod("web", "uid-1");
        pod.Spec!.TerminationGracePeriodSeconds = 3600;

        Assert.Equal(TimeSpan.FromSeconds(20), Assert.Single(_reconciler.Plan(Input([pod], [], T0)).Starts).TerminationGracePeriod);
    }

    private static ReconcileInput Input(
        IReadOnlyList<Pod> pods,
        IReadOnlyList<RuntimeContainer> containers,
        DateTimeOffset now,
        IReadOnlySet<ContainerKey>? stopping = null,
        IReadOnlyDictionary<ContainerKey, StartFailure>? failures = null) =>
        new(pods, containers, stopping ?? new HashSet<ContainerKey>(), failures ?? new Dictionary<ContainerKey, StartFailure>(), now);
}
