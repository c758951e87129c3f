using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Pods;
using Orchestrator.Agent.Runtime;
using Orchestrator.Agent.Runtime.Docker;
using Orchestrator.Core.Objects;
using static Orchestrator.Agent.Tests.Runtime.Docker.DockerTestLaunches;

namespace Orchestrator.Agent.Tests.Runtime.Docker;

[Collection(DockerCollection.Name)]
public sealed class DockerDriverTests
{
    private readonly DockerRuntimeFixture _fixture;

    public DockerDriverTests(DockerRuntimeFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task StartAsync_SleepContainer_RunsWithLabelsAndLimits()
    {
        var node = NewNode();
        var driver = _fixture.CreateDriver(node);
        var spec = Busybox("app", "sleep", "300");
        spec.Resources = new ResourceRequirements { Limits = new() { ["cpu"] = new Quantity("500m"), ["memory"] = new Quantity("64Mi") } };
        var launch = Launch("web", spec);

        var started = await driver.StartAsync(launch, CancellationToken.None);

        Assert.True(started.IsRunning);
        var inspected = await _fixture.Client.InspectContainerAsync(EngineId(started), CancellationToken.None);
        Assert.NotNull(inspected);
        Assert.True(inspected.State.Running);
        Assert.Equal($"/orch_web_default_app_{launch.PodUid.Replace("-", "", StringComparison.Ordinal)[..8]}_0", inspected.Name);
        Assert.Equal(node, inspected.Config.Labels[DockerLabels.Node]);
        Assert.Equal("default", inspected.Config.Labels[DockerLabels.Namespace]);
        Assert.Equal("web", inspected.Config.Labels[DockerLabels.PodName]);
        Assert.Equal(launch.PodUid, inspected.Config.Labels[DockerLabels.PodUid]);
        Assert.Equal("app", inspected.Config.Labels[DockerLabels.Container]);
        Assert.Equal(launch.SpecHash, inspected.Config.Labels[DockerLabels.SpecHash]);
        Assert.Equal(500_000_000, inspected.HostConfig.NanoCPUs);
        Assert.Equal(64L * 1024 * 1024, inspected.HostConfig.Memory);
        Assert.Equal("host", inspected.HostConfig.NetworkMode);

        await driver.StopAsync(launch.Key, TimeSpan.Zero, CancellationToken.None);
        await driver.RemoveAsync(launch.Key, CancellationToken.None);
    }

    [Fact]
    public async Task StartAsync_EnvWithFieldRefs_ValuesVisibleInsideTheContainer()
    {
        var node = NewNode();
        var driver = _fixture.CreateDriver(node);
        var spec = Busybox("app", "sleep", "300");
        spec.Env =
        [
            new EnvVar { Name = "POD_NAME", ValueFrom = new EnvVarSource { FieldRef = new ObjectFieldSelector { FieldPath = "metadata.name" } } },
            new EnvVar { Name = "POD_NAMESPACE", ValueFrom = new EnvVarSource { FieldRef = new ObjectFieldSelector { FieldPath = "metadata.namespace" } } },
            new EnvVar { Name = "POD_UID", ValueFrom = new EnvVarSource { FieldRef = new ObjectFieldSelector { FieldPath = "metadata.uid" } } },
            new EnvVar { Name = "NODE", ValueFrom = new EnvVarSource { FieldRef = new ObjectFieldSelector { FieldPath = "spec.nodeName" } } },
            new EnvVar { Name = "POD_IP", ValueFrom = new EnvVarSource { FieldRef = new ObjectFieldSelector { FieldPath = "status.podIP" } } },
            new EnvVar { Name = "GREETING", Value = "hello $(POD_NAME)" },
        ];
        spec.WorkingDir = "/tmp";
        var launch = Launch("env-pod", spec);
        await driver.StartAsync(launch, CancellationToken.None);

        var env = await driver.ExecAsync(launch.Key, ["env"], TimeSpan.FromSeconds(10), CancellationToken.None);
        var pwd = await driver.ExecAsync(launch.Key, ["sh", "-c", "pwd"], TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal(0, env.ExitCode);
        Assert.Contains("POD_NAME=env-pod\n", env.Output, StringComparison.Ordinal);
        Assert.Contains("POD_NAMESPACE=default\n", env.Output, StringComparison.Ordinal);
        Assert.Contains($"POD_UID={launch.PodUid}\n", env.Output, StringComparison.Ordinal);
        Assert.Contains($"NODE={node}\n", env.Output, StringComparison.Ordinal);
        Assert.Contains("POD_IP=127.0.0.1\n", env.Output, StringComparison.Ordinal);
        Assert.Contains("GREETING=hello env-pod\n", env.Output, StringComparison.Ordinal);
        Assert.Equal("/tmp", pwd.Output.Trim());

        await driver.StopAsync(launch.Key, TimeSpan.Zero, CancellationToken.None);
        await driver.RemoveAsync(launch.Key, CancellationToken.None);
    }

    [Fact]
    public async Task ListAsync_ContainerExitsWithCode3_ReportsExitCode3AndRaisesExited()
    {
        var driver = _fixture.CreateDriver(NewNode());
        var exitedKeys = new List<ContainerKey>();
        driver.ContainerExited += (_, key) => { lock (exitedKeys) { exitedKeys.Add(key); } };
        var launch = Launch("fails", Busybox("app", "sh", "-c", "sleep 1; exit 3"));

        await driver.StartAsync(launch, CancellationToken.None);
        var exited = await WaitForExitAsync(driver, launch.Key);

        Assert.Equal(3, exited.Exit!.ExitCode);
        Assert.Equal("Error", exited.Exit.Reason);
        lock (exitedKeys)
        {
            Assert.Contains(launch.Key, exitedKeys);
        }

        await driver.RemoveAsync(launch.Key, CancellationToken.None);
    }

    [Fact]
    public async Task ListAsync_ContainerOverItsMemoryLimit_ReportsOOMKilled()
    {
        var driver = _fixture.CreateDriver(NewNode());
        var spec = Busybox("hog", "sh", "-c", "head -c 64m /dev/zero | tail");
        spec.Resources = new ResourceRequirements { Limits = new() { ["memory"] = new Quantity("8Mi") } };
        var launch = Launch("oom", spec);

        await driver.StartAsync(launch, CancellationToken.None);
        var exited = await WaitForExitAsync(driver, launch.Key);

        Assert.Equal("OOMKilled", exited.Exit!.Reason);
        Assert.Equal(137, exited.Exit.ExitCode);
        await driver.RemoveAsync(launch.Key, CancellationToken.None);
    }

    [Fact]
    public async Task StopAsync_WithPreStopExecHook_RunsTheHookBeforeSigterm()
    {
        var driver = _fixture.CreateDriver(NewNode());
        var spec = Busybox("app", "sh", "-c", "trap 'echo got-term; exit 0' TERM; echo started; while true; do sleep 0.1; done");
        spec.Lifecycle = new Lifecycle { PreStop = new LifecycleHandler { Exec = new ExecAction { Command = ["sh", "-c", "echo pre-stop-ran > /proc/1/fd/1"] } } };
        var launch = Launch("hooked", spec, grace: TimeSpan.FromSeconds(10));
        await driver.StartAsync(launch, CancellationToken.None);

        await driver.StopAsync(launch.Key, TimeSpan.FromSeconds(10), CancellationToken.None);

        var stopped = (await driver.ListAsync(CancellationToken.None)).Single(container => container.Key == launch.Key);
        Assert.False(stopped.IsRunning);
        Assert.Equal(0, stopped.Exit!.ExitCode);
        var logs = await LogsAsync(stopped);
        var hook = logs.IndexOf("pre-stop-ran", StringComparison.Ordinal);
        var term = logs.IndexOf("got-term", StringComparison.Ordinal);
        Assert.True(hook >= 0 && term > hook, "the preStop hook's line should come before the TERM handler's: " + logs);
        await driver.RemoveAsync(launch.Key, CancellationToken.None);
    }

    [Fact]
    public async Task StopAsync_ContainerIgnoresSigterm_IsKilledAfterTheGracePeriod()
    {
        var driver = _fixture.CreateDriver(NewNode());
        // sleep as pid 1 has no TERM handler, and the kernel drops unhandled signals to pid 1.
        var launch = Launch("stubborn", Busybox("app", "sleep", "300"), grace: TimeSpan.FromSeconds(1));
        await driver.StartAsync(launch, CancellationToken.None);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await driver.StopAsync(launch.Key, TimeSpan.FromSeconds(1), CancellationToken.None);
        clock.Stop();

        var stopped = (await driver.ListAsync(CancellationToken.None)).Single(container => container.Key == launch.Key);
        Assert.Equal(137, stopped.Exit!.ExitCode);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        await driver.RemoveAsync(launch.Key, CancellationToken.None);
    }

    [Fact]
    public async Task ListAsync_NewDriverAfterAgentRestart_AdoptsTheRunningContainerAndStartsNoSecond()
    {
        var node = NewNode();
        var pod = Pod("adopted", Busybox("app", "sleep", "300"));
        var reconciler = new PodReconciler(new AgentOptions(), [DockerDriver.Name]);
        var before = _fixture.CreateDriver(node);
        var first = reconciler.Plan(new ReconcileInput([pod], await before.ListAsync(CancellationToken.None), new HashSet<ContainerKey>(), new Dictionary<ContainerKey, StartFailure>(), DateTimeOffset.UtcNow));
        await before.StartAsync(Assert.Single(first.Starts), CancellationToken.None);

        var after = _fixture.CreateDriver(node);
        var seen = await after.ListAsync(CancellationToken.None);
        var plan = reconciler.Plan(new ReconcileInput([pod], seen, new HashSet<ContainerKey>(), new Dictionary<ContainerKey, StartFailure>(), DateTimeOffset.UtcNow));

        var adopted = Assert.Single(seen);
        Assert.True(adopted.IsRunning);
        Assert.Equal("adopted", adopted.PodName);
        Assert.False(plan.HasActions);
        var engineContainers = await _fixture.Client.ListContainersAsync(new Dictionary<string, string> { [DockerLabels.Node] = node }, CancellationToken.None);
        Assert.Single(engineContainers);

        await after.StopAsync(adopted.Key, TimeSpan.Zero, CancellationToken.None);
        await after.RemoveAsync(adopted.Key, CancellationToken.None);
    }

    [Fact]
    public async Task Reconcile_LabelledContainerNoLongerDesired_IsStoppedAndRemoved()
    {
        var node = NewNode();
        var reconciler = new PodReconciler(new AgentOptions(), [DockerDriver.Name]);
        var before = _fixture.CreateDriver(node);
        await before.StartAsync(Launch("orphan", Busybox("app", "sleep", "300")), CancellationToken.None);

        // A restarted agent whose desired state no longer has the pod.
        var driver = _fixture.CreateDriver(node);
        for (var pass = 0; pass < 3; pass++)
        {
            var plan = reconciler.Plan(new ReconcileInput([], await driver.ListAsync(CancellationToken.None), new HashSet<ContainerKey>(), new Dictionary<ContainerKey, StartFailure>(), DateTimeOffset.UtcNow));
            foreach (var stop in plan.Stops)
            {
                await driver.StopAsync(stop.Key, stop.GracePeriod, CancellationToken.None);
            }

            foreach (var key in plan.Removals)
            {
                await driver.RemoveAsync(key, CancellationToken.None);
            }
        }

        Assert.Empty(await driver.ListAsync(CancellationToken.None));
        Assert.Empty(await _fixture.Client.ListContainersAsync(new Dictionary<string, string> { [DockerLabels.Node] = node }, CancellationToken.None));
    }

    [Fact]
    public async Task StartAsync_ChangedSpecAfterStop_ReplacesTheContainerAndCarriesTheRestartCount()
    {
        var driver = _fixture.CreateDriver(NewNode());
        var first = Launch("replaced", Busybox("app", "sleep", "300"));
        var started = await driver.StartAsync(first, CancellationToken.None);
        await driver.StopAsync(first.Key, TimeSpan.Zero, CancellationToken.None);
        var stopped = (await driver.ListAsync(CancellationToken.None)).Single();

        var changed = Busybox("app", "sleep", "301");
        var second = first with { Spec = changed, SpecHash = ContainerSpecHash.Compute(changed), RestartCount = 1, LastState = stopped.Exit };
        var replacement = await driver.StartAsync(second, CancellationToken.None);

        var listed = Assert.Single(await driver.ListAsync(CancellationToken.None));
        Assert.NotEqual(started.ContainerId, replacement.ContainerId);
        Assert.Equal(replacement.ContainerId, listed.ContainerId);
        Assert.Equal(second.SpecHash, listed.SpecHash);
        Assert.Equal(1, listed.RestartCount);
        Assert.Equal(stopped.Exit!.ExitCode, listed.LastState!.ExitCode);
        Assert.Null(await _fixture.Client.InspectContainerAsync(EngineId(started), CancellationToken.None));

        await driver.StopAsync(first.Key, TimeSpan.Zero, CancellationToken.None);
        await driver.RemoveAsync(first.Key, CancellationToken.None);
    }

    private static Pod Pod(string name, Container container) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new ObjectMeta { Name = name, Namespace = "default", Uid = Guid.NewGuid().ToString() },
        Spec = new PodSpec { TerminationGracePeriodSeconds = 1, Containers = [container] },
    };

    private async Task<string> LogsAsync(RuntimeContainer container)
    {
        using var client = _fixture.Engine.CreateHttpClient();
        var bytes = await client.GetByteArrayAsync(new Uri($"containers/{EngineId(container)}/logs?stdout=1&stderr=1", UriKind.Relative));
        return System.Text.Encoding.UTF8.GetString(bytes);
    }
}
