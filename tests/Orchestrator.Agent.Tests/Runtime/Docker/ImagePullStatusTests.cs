using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Pods;
using Orchestrator.Agent.Runtime;
using Orchestrator.Agent.Tests.Support;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Tests.Runtime.Docker;

public sealed class ImagePullStatusTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_FailedPull_IsErrImagePullThenImagePullBackOffUntilTheRetry()
    {
        var pod = TestPods.Pod("web", "uid-1", runtimeClassName: null, containers: [TestPods.Container("app", "sleep", "1")]);
        var failures = new Dictionary<ContainerKey, StartFailure>
        {
            [new("uid-1", "app")] = new(Containers.Hash(pod, "app"), "ErrImagePull", "Failed to pull image \"busybox\": not found", T0, 1),
        };

        var first = Waiting(PodStatusBuilder.Build(Input(pod, failures, T0)));
        var later = Waiting(PodStatusBuilder.Build(Input(pod, failures, T0.AddSeconds(5))));

        Assert.Equal("ErrImagePull", first.Reason);
        Assert.Equal("ImagePullBackOff", later.Reason);
        Assert.Contains("Failed to pull image \"busybox\"", later.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_PodWithoutRuntimeClass_RunsOnDockerWithItsPullSecrets()
    {
        var reconciler = new PodReconciler(new AgentOptions(), ["docker", "process"]);
        var pod = TestPods.Pod("web", "uid-1", runtimeClassName: null);
        pod.Spec!.ImagePullSecrets = [new LocalObjectReference { Name = "registry" }];

        var plan = reconciler.Plan(new ReconcileInput([pod], [], new HashSet<ContainerKey>(), new Dictionary<ContainerKey, StartFailure>(), T0));

        var launch = Assert.Single(plan.Starts);
        Assert.Null(launch.RuntimeClassName);
        Assert.Equal(["registry"], launch.ImagePullSecrets);
        Assert.True(reconciler.Supports(pod));
    }

    private static ContainerStateWaiting Waiting(PodStatus status) => Assert.Single(status.ContainerStatuses!).State!.Waiting!;

    private static PodStatusInput Input(Pod pod, Dictionary<ContainerKey, StartFailure> failures, DateTimeOffset now) =>
        new(pod, true, "docker", new Dictionary<string, RuntimeContainer>(), new Dictionary<ContainerKey, CrashLoopWait>(), failures, null, "10.0.0.5", now);
}
