using System.Diagnostics;
using Orchestrator.Agent.Runtime;
using Orchestrator.Agent.Runtime.Process;
using Orchestrator.Agent.Tests.Support;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Tests.Runtime;

public sealed class ProcessDriverTests : IDisposable
{
    private readonly ProcessDriverFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task StartAsync_Sleep_RecordsThePidOfTheWorkloadLeadingItsOwnSession()
    {
        var driver = _fixture.NewDriver();
        // A unique duration makes the workload's own command line recognisable.
        var duration = "30." + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var spec = TestPods.Container("app", "/bin/sleep", duration);

        var container = await driver.StartAsync(ProcessDriverFixture.Launch(spec), CancellationToken.None);
        var pid = ProcessDriverFixture.Pid(container);
        try
        {
            Assert.True(container.IsRunning);
            Assert.Equal(["/bin/sleep", duration], ProcessInspector.ReadCommandLine(pid));
            var stat = ProcessInspector.ReadStat(pid)!.Value;
            Assert.Equal(pid, stat.Session);
            Assert.Equal(pid, stat.ProcessGroup);
            Assert.NotEqual(ProcessInspector.ReadStat(Environment.ProcessId)!.Value.Session, stat.Session);

            var record = Assert.Single(Directory.GetFiles(_fixture.Paths.ContainersDirectory, "*.json"));
            var json = await File.ReadAllTextAsync(record);
            Assert.Contains($"\"pid\": {pid}", json, StringComparison.Ordinal);
            Assert.Contains($"\"processStartTime\": {stat.StartTime}", json, StringComparison.Ordinal);
            Assert.True(File.Exists(_fixture.Paths.LogFile("uid-1", "app")));
        }
        finally
        {
            Process.GetProcessById(pid).Kill();
        }
    }

    [Fact]
    public async Task StartAsync_ShellOutput_AppendsStdoutAndStderrToTheLogAndReportsTheExitCode()
    {
        var driver = _fixture.NewDriver();
        var exited = new TaskCompletionSource<ContainerKey>(TaskCreationOptions.RunContinuationsAsynchronously);
        driver.ContainerExited += (_, key) => exited.TrySetResult(key);

        await driver.StartAsync(ProcessDriverFixture.Launch(_fixture.Shell("app", "echo to-stdout; echo to-stderr >&2; exit 3")), CancellationToken.None);
        Assert.Equal(new ContainerKey("uid-1", "app"), await exited.Task.WaitAsync(TimeSpan.FromSeconds(10)));

        var container = Assert.Single(await driver.ListAsync(CancellationToken.None));
        Assert.Equal(3, container.Exit!.ExitCode);
        Assert.Equal("Error", container.Exit.Reason);
        var log = await File.ReadAllTextAsync(_fixture.Paths.LogFile("uid-1", "app"));
        Assert.Contains("to-stdout", log, StringComparison.Ordinal);
        Assert.Contains("to-stderr", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_Environment_HoldsSpecValuesExpandedAndNotTheAgentsOwn()
    {
        var secretName = "ORCH_TEST_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(secretName, "leaked");
        try
        {
            var driver = _fixture.NewDriver();
            var spec = _fixture.Shell("app", $"echo \"$GREETING host=$HOSTNAME secret=${{{secretName}:-none}} pwd=$(pwd)\"");
            spec.Env = [new() { Name = "NAME", Value = "world" }, new() { Name = "GREETING", Value = "hello $(NAME)" }];
            spec.WorkingDir = "/tmp";

            await driver.StartAsync(ProcessDriverFixture.Launch(spec), CancellationToken.None);
            await Eventually.TrueAsync(() => driver.ListAsync(CancellationToken.None).Result.Single().Exit is not null, "the script exits");

            var log = await File.ReadAllTextAsync(_fixture.Paths.LogFile("uid-1", "app"));
            Assert.Contains("hello world host=web secret=none pwd=/tmp", log, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(secretName, null);
        }
    }

    [Fact]
    public async Task StartAsync_EnvFieldRef_ResolvesTheDownwardApiAndExpandsInArguments()
    {
        var driver = _fixture.NewDriver();
        var spec = _fixture.Shell("app", "echo \"bind=$(HOST_IP):8080 pod=$POD_NAME ns=$POD_NAMESPACE uid=$POD_UID node=$NODE_NAME ip=$POD_IP\"");
        spec.Env =
        [
            FieldEnv("HOST_IP", "status.hostIP"),
            FieldEnv("POD_NAME", "metadata.name"),
            FieldEnv("POD_NAMESPACE", "metadata.namespace"),
            FieldEnv("POD_UID", "metadata.uid"),
            FieldEnv("NODE_NAME", "spec.nodeName"),
            FieldEnv("POD_IP", "status.podIP"),
        ];

        await driver.StartAsync(ProcessDriverFixture.Launch(spec), CancellationToken.None);
        await Eventually.TrueAsync(() => driver.ListAsync(CancellationToken.None).Result.Single().Exit is not null, "the script exits");

        var log = await File.ReadAllTextAsync(_fixture.Paths.LogFile("uid-1", "app"));
        Assert.Contains($"bind={ProcessDriverFixture.NodeAddress}:8080 pod=web ns=default uid=uid-1 node={ProcessDriverFixture.NodeName} ip={ProcessDriverFixture.NodeAddress}", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_EnvFieldRefToAnUnknownPath_FailsWithCreateContainerConfigErrorAndStartsNothing()
    {
        var driver = _fixture.NewDriver();
        var spec = _fixture.Shell("app", "true");
        spec.Env = [FieldEnv("LABELS", "metadata.labels")];

        var error = await Assert.ThrowsAsync<ContainerCreateException>(() => driver.StartAsync(ProcessDriverFixture.Launch(spec), CancellationToken.None));

        Assert.Equal(ContainerCreateException.CreateContainerConfigError, error.Reason);
        Assert.Equal("env \"LABELS\": unsupported fieldRef.fieldPath \"metadata.labels\"", error.Message);
        Assert.Empty(await driver.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task StartAsync_NoCommand_FailsWithCreateContainerErrorAndStartsNothing()
    {
        var driver = _fixture.NewDriver();
        var spec = new Orchestrator.Core.Objects.Container { Name = "app", Image = "nginx" };

        var error = await Assert.ThrowsAsync<ContainerCreateException>(() => driver.StartAsync(ProcessDriverFixture.Launch(spec), CancellationToken.None));

        Assert.Equal("CreateContainerError", error.Reason);
        Assert.StartsWith("the process runtime needs command", error.Message, StringComparison.Ordinal);
        Assert.Empty(await driver.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task StartAsync_UnknownExecutable_FailsWithCreateContainerError()
    {
        var driver = _fixture.NewDriver();
        var spec = TestPods.Container("app", "no-such-program-" + _fixture.Marker);

        var error = await Assert.ThrowsAsync<ContainerCreateException>(() => driver.StartAsync(ProcessDriverFixture.Launch(spec), CancellationToken.None));

        Assert.Equal("CreateContainerError", error.Reason);
        Assert.Contains("executable file not found in $PATH", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopAsync_ProcessTrapsTerm_SendsTermThenKillsAfterTheGracePeriod()
    {
        var driver = _fixture.NewDriver();
        var spec = _fixture.Shell("app", "trap 'echo got-term' TERM; echo ready; while true; do sleep 0.1; done");
        var container = await driver.StartAsync(ProcessDriverFixture.Launch(spec), CancellationToken.None);
        var log = _fixture.Paths.LogFile("uid-1", "app");
        await Eventually.TrueAsync(() => File.ReadAllText(log).Contains("ready", StringComparison.Ordinal), "the trap is installed");

        var watch = Stopwatch.StartNew();
        await driver.StopAsync(container.Key, TimeSpan.FromSeconds(1), CancellationToken.None);
        watch.Stop();

        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"stopped after {watch.Elapsed}, before the grace period");
        Assert.Contains("got-term", await File.ReadAllTextAsync(log), StringComparison.Ordinal);
        Assert.False(ProcessTable.IsRunning(ProcessDriverFixture.Pid(container)));
        Assert.Empty(ProcessTable.WithMarker(_fixture.Marker));
        var stopped = Assert.Single(await driver.ListAsync(CancellationToken.None));
        Assert.Equal(137, stopped.Exit!.ExitCode);
    }

    [Fact]
    public async Task StopAsync_PreStopExec_RunsBeforeTermEvenAfterTheAgentRestarted()
    {
        var spec = _fixture.Shell("app", "trap 'echo got-term; exit 0' TERM; echo ready; while true; do sleep 0.1; done");
        var log = _fixture.Paths.LogFile("uid-1", "app");
        spec.Lifecycle = new Lifecycle { PreStop = new LifecycleHandler { Exec = new ExecAction { Command = ["/bin/sh", "-c", $"sleep 0.5; echo pre-stop >> '{log}'"] } } };
        var container = await _fixture.NewDriver().StartAsync(ProcessDriverFixture.Launch(spec), CancellationToken.None);
        await Eventually.TrueAsync(() => File.ReadAllText(log).Contains("ready", StringComparison.Ordinal), "the trap is installed");

        // A new driver over the same state: the hook was kept with the container, as after an agent restart.
        var restarted = _fixture.NewDriver();
        await restarted.ListAsync(CancellationToken.None);
        await restarted.StopAsync(container.Key, TimeSpan.FromSeconds(10), CancellationToken.None);

        var lines = (await File.ReadAllLinesAsync(log)).Where(line => line is "pre-stop" or "got-term").ToList();
        Assert.Equal(["pre-stop", "got-term"], lines);
        Assert.False(ProcessTable.IsRunning(ProcessDriverFixture.Pid(container)));
    }

    [Fact]
    public async Task StartAsync_PreStopHttpGetNamesAMissingPort_FailsWithCreateContainerConfigErrorAndStartsNothing()
    {
        var spec = _fixture.Shell("app", "sleep 60");
        spec.Lifecycle = new Lifecycle { PreStop = new LifecycleHandler { HttpGet = new HttpGetAction { Port = IntOrString.FromString("admin") } } };

        var error = await Assert.ThrowsAsync<ContainerCreateException>(() => _fixture.NewDriver().StartAsync(ProcessDriverFixture.Launch(spec), CancellationToken.None));

        Assert.Equal(ContainerCreateException.CreateContainerConfigError, error.Reason);
        Assert.Empty(ProcessTable.WithMarker(_fixture.Marker));
    }

    [Fact]
    public async Task StopAsync_ProcessHonoursTerm_ReturnsBeforeTheGracePeriod()
    {
        var driver = _fixture.NewDriver();
        var container = await driver.StartAsync(ProcessDriverFixture.Launch(TestPods.Container("app", "/bin/sleep", "60")), CancellationToken.None);

        var watch = Stopwatch.StartNew();
        await driver.StopAsync(container.Key, TimeSpan.FromSeconds(20), CancellationToken.None);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
        var stopped = Assert.Single(await driver.ListAsync(CancellationToken.None));
        Assert.Equal(143, stopped.Exit!.ExitCode);
        Assert.False(ProcessTable.IsRunning(ProcessDriverFixture.Pid(container)));
    }

    [Fact]
    public async Task ListAsync_NewDriverOverTheSameState_AdoptsTheRunningProcessInsteadOfStartingItTwice()
    {
        var first = _fixture.NewDriver();
        var started = await first.StartAsync(ProcessDriverFixture.Launch(_fixture.Shell("app", "sleep 60")), CancellationToken.None);
        first.Dispose();

        var second = _fixture.NewDriver();
        var adopted = Assert.Single(await second.ListAsync(CancellationToken.None));

        Assert.True(adopted.IsRunning);
        Assert.Equal(started.ContainerId, adopted.ContainerId);
        Assert.Equal(started.StartedAt, adopted.StartedAt);
        Assert.Equal([ProcessDriverFixture.Pid(started)], ProcessTable.WithMarker(_fixture.Marker));
        await Assert.ThrowsAsync<InvalidOperationException>(() => second.StartAsync(ProcessDriverFixture.Launch(_fixture.Shell("app", "sleep 60")), CancellationToken.None));
        Assert.Single(ProcessTable.WithMarker(_fixture.Marker));

        await second.StopAsync(adopted.Key, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.Empty(ProcessTable.WithMarker(_fixture.Marker));
        var stopped = Assert.Single(await second.ListAsync(CancellationToken.None));
        Assert.Equal(ContainerTermination.StatusUnknown, stopped.Exit!.Reason);
    }

    [Fact]
    public async Task ListAsync_AdoptedProcessDies_ReportsAnUnknownExitAndRaisesTheEvent()
    {
        var first = _fixture.NewDriver();
        var started = await first.StartAsync(ProcessDriverFixture.Launch(_fixture.Shell("app", "sleep 60")), CancellationToken.None);
        first.Dispose();
        var second = _fixture.NewDriver();
        Assert.True(Assert.Single(await second.ListAsync(CancellationToken.None)).IsRunning);
        var raised = 0;
        second.ContainerExited += (_, _) => Interlocked.Increment(ref raised);

        Process.GetProcessById(ProcessDriverFixture.Pid(started)).Kill(entireProcessTree: true);
        await Eventually.TrueAsync(() => second.ListAsync(CancellationToken.None).Result.Single().Exit is not null, "the poll notices the exit");

        var exited = Assert.Single(await second.ListAsync(CancellationToken.None));
        Assert.Equal(137, exited.Exit!.ExitCode);
        Assert.Equal(ContainerTermination.StatusUnknown, exited.Exit.Reason);
        Assert.Equal(1, raised);
    }

    [Fact]
    public async Task ListAsync_RecordedPidNowRunsAnotherProcess_IsNotAdoptedAndNotSignalled()
    {
        var first = _fixture.NewDriver();
        var started = await first.StartAsync(ProcessDriverFixture.Launch(_fixture.Shell("app", "sleep 60")), CancellationToken.None);
        first.Dispose();

        // Rewrite the record as if the pid had been recycled: same pid, another start time.
        var file = Assert.Single(Directory.GetFiles(_fixture.Paths.ContainersDirectory, "*.json"));
        var startTime = ProcessInspector.StartTime(ProcessDriverFixture.Pid(started))!.Value;
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace($"\"processStartTime\": {startTime}", $"\"processStartTime\": {startTime - 7}", StringComparison.Ordinal));

        var second = _fixture.NewDriver();
        var container = Assert.Single(await second.ListAsync(CancellationToken.None));
        Assert.False(container.IsRunning);
        Assert.Equal(ContainerTermination.StatusUnknown, container.Exit!.Reason);

        await second.StopAsync(container.Key, TimeSpan.FromSeconds(1), CancellationToken.None);
        await second.RemoveAsync(container.Key, CancellationToken.None);
        Assert.True(ProcessTable.IsRunning(ProcessDriverFixture.Pid(started)), "the unrelated process must be left alone");
    }

    [Fact]
    public async Task StartAsync_AfterAnExit_CarriesRestartCountAndLastState()
    {
        var driver = _fixture.NewDriver();
        var spec = _fixture.Shell("app", "exit 1");
        await driver.StartAsync(ProcessDriverFixture.Launch(spec), CancellationToken.None);
        await Eventually.TrueAsync(() => driver.ListAsync(CancellationToken.None).Result.Single().Exit is not null, "the first run exits");
        var first = Assert.Single(await driver.ListAsync(CancellationToken.None));

        await driver.StartAsync(ProcessDriverFixture.Launch(spec, restartCount: 1, lastState: first.Exit), CancellationToken.None);
        var second = Assert.Single(await driver.ListAsync(CancellationToken.None));

        Assert.Equal(1, second.RestartCount);
        Assert.Equal(first.Exit, second.LastState);
    }

    [Fact]
    public async Task RemoveAsync_ExitedContainer_DeletesItsRecordAndLog()
    {
        var driver = _fixture.NewDriver();
        await driver.StartAsync(ProcessDriverFixture.Launch(_fixture.Shell("app", "exit 0")), CancellationToken.None);
        await Eventually.TrueAsync(() => driver.ListAsync(CancellationToken.None).Result.Single().Exit is not null, "the script exits");

        await driver.RemoveAsync(new ContainerKey("uid-1", "app"), CancellationToken.None);

        Assert.Empty(await driver.ListAsync(CancellationToken.None));
        Assert.Empty(Directory.GetFiles(_fixture.Paths.ContainersDirectory));
        Assert.False(Directory.Exists(_fixture.Paths.PodLogDirectory("uid-1")));
    }

    private static Orchestrator.Core.Objects.EnvVar FieldEnv(string name, string fieldPath) =>
        new() { Name = name, ValueFrom = new() { FieldRef = new() { FieldPath = fieldPath } } };
}
