using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Agent.Nodes;
using Orchestrator.Agent.Pods;
using Orchestrator.Agent.Probes;
using Orchestrator.Agent.Runtime.Process;
using Orchestrator.Agent.Tests.Runtime;
using Orchestrator.Agent.Tests.Support;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Tests.Pods;

/// <summary>The pod worker over the real process driver: offline start, adoption, crash loops and removal.</summary>
public sealed class PodWorkerTests : IDisposable
{
    private readonly ProcessDriverFixture _processes = new();
    private readonly AgentHarness _agent;

    public PodWorkerTests()
    {
        _agent = new AgentHarness(options =>
        {
            options.NodeAddress = "10.1.2.3";
            options.StateDirectory = _processes.Paths.Root;
        });
    }

    public void Dispose()
    {
        _processes.Dispose();
        _agent.Dispose();
    }

    [Fact]
    public async Task SyncAsync_OfflineWithPersistedDesiredState_StartsThePodAndBuffersItsStatus()
    {
        _agent.Desired.Replace([Pod("sleep 60")]);

        // A new agent run: nothing but the state directory survives, and the control plane is unreachable.
        var desired = new DesiredPodStore(_agent.Paths, NullLogger<DesiredPodStore>.Instance);
        var buffer = new PodStatusBuffer(64);
        await Worker(desired, _processes.NewDriver(), buffer).SyncAsync(CancellationToken.None);

        Assert.Single(ProcessTable.WithMarker(_processes.Marker));
        var item = Assert.Single(buffer.Peek(10)).Item;
        Assert.Equal("uid-1", item.Uid);
        Assert.Equal("Running", item.Status.Phase);
        Assert.Equal("10.1.2.3", item.Status.PodIP);
        Assert.Empty(_agent.ControlPlane.Requests);
    }

    [Fact]
    public async Task SyncAsync_AgentRestarted_AdoptsTheRunningContainerWithoutAnyRestart()
    {
        _agent.Desired.Replace([Pod("sleep 60")]);
        var firstDriver = _processes.NewDriver();
        await Worker(_agent.Desired, firstDriver, _agent.Buffer).SyncAsync(CancellationToken.None);
        var pids = ProcessTable.WithMarker(_processes.Marker);
        firstDriver.Dispose();

        var desired = new DesiredPodStore(_agent.Paths, NullLogger<DesiredPodStore>.Instance);
        var buffer = new PodStatusBuffer(64);
        var worker = Worker(desired, _processes.NewDriver(), buffer);
        await worker.SyncAsync(CancellationToken.None);
        await worker.SyncAsync(CancellationToken.None);

        Assert.Equal(pids, ProcessTable.WithMarker(_processes.Marker));
        var status = Assert.Single(buffer.Peek(10)).Item.Status;
        var container = Assert.Single(status.ContainerStatuses!);
        Assert.Equal(0, container.RestartCount);
        Assert.Equal($"process://{pids[0]}", container.ContainerID);
    }

    [Fact]
    public async Task SyncAsync_CrashingContainer_RestartsAtOnceThenReportsCrashLoopBackOffUntilTheDelayPasses()
    {
        _agent.Desired.Replace([Pod("exit 1")]);
        var driver = _processes.NewDriver(_agent.Time);
        var worker = Worker(_agent.Desired, driver, _agent.Buffer);

        await worker.SyncAsync(CancellationToken.None);
        await WaitForExitAsync(driver);
        await worker.SyncAsync(CancellationToken.None); // first restart: immediate
        Assert.Equal(1, (await driver.ListAsync(CancellationToken.None)).Single().RestartCount);
        await WaitForExitAsync(driver);

        await worker.SyncAsync(CancellationToken.None);
        var waiting = LatestContainerStatus().State!.Waiting!;
        Assert.Equal("CrashLoopBackOff", waiting.Reason);
        Assert.StartsWith("back-off 10s restarting failed container=app pod=web_default(uid-1)", waiting.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await driver.ListAsync(CancellationToken.None)).Single().RestartCount);

        _agent.Time.Advance(TimeSpan.FromSeconds(10));
        await worker.SyncAsync(CancellationToken.None);
        Assert.Equal(2, (await driver.ListAsync(CancellationToken.None)).Single().RestartCount);
    }

    [Fact]
    public async Task SyncAsync_PodRemovedFromDesiredState_StopsAndForgetsItsContainer()
    {
        _agent.Desired.Replace([Pod("sleep 60")]);
        var driver = _processes.NewDriver();
        var worker = Worker(_agent.Desired, driver, _agent.Buffer);
        await worker.SyncAsync(CancellationToken.None);
        Assert.Single(ProcessTable.WithMarker(_processes.Marker));

        _agent.Desired.Replace([]);
        await worker.SyncAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => ProcessTable.WithMarker(_processes.Marker).Count == 0, "the container is stopped");

        // The stop runs in the background; the pass after it finishes forgets the container.
        await Eventually.TrueAsync(
            () =>
            {
                worker.SyncAsync(CancellationToken.None).GetAwaiter().GetResult();
                return driver.ListAsync(CancellationToken.None).Result.Count == 0;
            },
            "the stopped container is forgotten");
        Assert.Empty(Directory.GetFiles(_agent.Paths.ContainersDirectory));
    }

    [Fact]
    public async Task SyncAsync_StatusUnchanged_BuffersNothingNewUntilTheNextFetch()
    {
        _agent.Desired.Replace([Pod("sleep 60")]);
        var worker = Worker(_agent.Desired, _processes.NewDriver(), _agent.Buffer);
        await worker.SyncAsync(CancellationToken.None);
        _agent.Buffer.Acknowledge(_agent.Buffer.Peek(10));

        await worker.SyncAsync(CancellationToken.None);
        Assert.Equal(0, _agent.Buffer.Count);

        _agent.Desired.Replace([.. _agent.Desired.Read().Pods!]); // a resync: full report
        await worker.SyncAsync(CancellationToken.None);
        Assert.Equal(1, _agent.Buffer.Count);
    }

    [Fact]
    public async Task SyncAsync_FetchShowsTheStatusTheAgentReported_ReportsNothingAgain()
    {
        _agent.Desired.Replace([Pod("sleep 60")]);
        var worker = Worker(_agent.Desired, _processes.NewDriver(), _agent.Buffer);
        await worker.SyncAsync(CancellationToken.None);
        var reported = Assert.Single(_agent.Buffer.Peek(10)).Item.Status;
        _agent.Buffer.Acknowledge(_agent.Buffer.Peek(10));

        // The next fetch shows the control plane holding what the agent reported: no write to make.
        var fetched = Pod("sleep 60");
        fetched.Status = reported;
        _agent.Desired.Replace([fetched]);
        await worker.SyncAsync(CancellationToken.None);
        Assert.Equal(0, _agent.Buffer.Count);

        // Another writer changed it (the node-lifecycle loop marked it not ready): the agent's view is reported again.
        var changed = Pod("sleep 60");
        changed.Status = System.Text.Json.JsonSerializer.Deserialize(System.Text.Json.JsonSerializer.Serialize(reported, Orchestrator.Core.NodeApi.NodeApiJsonContext.Default.PodStatus), Orchestrator.Core.NodeApi.NodeApiJsonContext.Default.PodStatus)!;
        changed.Status.Phase = "Unknown";
        _agent.Desired.Replace([changed]);
        await worker.SyncAsync(CancellationToken.None);
        Assert.Equal(1, _agent.Buffer.Count);
    }

    [Fact]
    public async Task SyncAsync_PodDeleted_StopsItsContainerThenBuffersOneFinalStatusNeverReady()
    {
        _agent.Desired.Replace([Pod("sleep 60")]);
        var worker = Worker(_agent.Desired, _processes.NewDriver(), _agent.Buffer);
        await worker.SyncAsync(CancellationToken.None);
        _agent.Buffer.Acknowledge(_agent.Buffer.Peek(10));

        var deleting = Pod("sleep 60");
        deleting.Metadata.DeletionTimestamp = _agent.Time.GetUtcNow().AddSeconds(2);
        deleting.Metadata.DeletionGracePeriodSeconds = 2;
        _agent.Desired.Replace([deleting]);
        await worker.SyncAsync(CancellationToken.None);
        Assert.Equal("False", ReadyCondition(Assert.Single(_agent.Buffer.Peek(10))));

        await Eventually.TrueAsync(() => ProcessTable.WithMarker(_processes.Marker).Count == 0, "the container is stopped");
        BufferedStatus last = default;
        await Eventually.TrueAsync(
            () =>
            {
                worker.SyncAsync(CancellationToken.None).GetAwaiter().GetResult();
                last = _agent.Buffer.Peek(10).SingleOrDefault();
                return last.Final;
            },
            "the final status is buffered");

        Assert.Equal("False", ReadyCondition(last));
        Assert.NotNull(Assert.Single(last.Item.Status.ContainerStatuses!).State!.Terminated);
        _agent.Buffer.Acknowledge(_agent.Buffer.Peek(10));
        await worker.SyncAsync(CancellationToken.None);
        Assert.Equal(0, _agent.Buffer.Count);
    }

    private static string? ReadyCondition(BufferedStatus buffered) =>
        buffered.Item.Status.Conditions!.Single(condition => condition.Type == "Ready").Status;

    [Fact]
    public async Task SyncAsync_ServiceInTheTable_ContainerStartsWithItsEnvironmentVariables()
    {
        var table = new Orchestrator.Agent.Services.ServiceTable(_agent.Paths, NullLogger<Orchestrator.Agent.Services.ServiceTable>.Instance);
        table.Replace(new Orchestrator.Agent.Services.ServiceSnapshot([Services.TestServices.Service("web", "127.96.0.10", Services.TestServices.Port(80, "http"))], []));
        _agent.Desired.Replace([Pod("echo \"$WEB_SERVICE_HOST:$WEB_SERVICE_PORT_HTTP\"; sleep 60")]);

        await Worker(_agent.Desired, _processes.NewDriver(), _agent.Buffer, table).SyncAsync(CancellationToken.None);

        var log = _processes.Paths.LogFile("uid-1", "app");
        await Eventually.TrueAsync(() => File.Exists(log) && File.ReadAllText(log).Contains("127.96.0.10:80", StringComparison.Ordinal), "the container prints the Service's address");
    }

    private Pod Pod(string script) => TestPods.Pod("web", "uid-1", containers: [_processes.Shell("app", script)]);

    private PodWorker Worker(DesiredPodStore desired, ProcessDriver driver, PodStatusBuffer buffer, Orchestrator.Agent.Services.ServiceTable? services = null) =>
        new(
            desired,
            driver,
            new PodReconciler(_agent.Options, driver.RuntimeClassName),
            buffer,
            new NodeAddressResolver(_agent.WrappedOptions, _agent.Time),
            _agent.Signals,
            new ProbeSupervisor(new ProbeRunner(driver, _agent.Time), _agent.Signals, _agent.Time, NullLogger<ProbeSupervisor>.Instance),
            _agent.WrappedOptions,
            _agent.Time,
            NullLogger<PodWorker>.Instance,
            services);

    private ContainerStatus LatestContainerStatus() =>
        Assert.Single(_agent.Buffer.Peek(10)).Item.Status.ContainerStatuses!.Single();

    private static Task WaitForExitAsync(ProcessDriver driver) =>
        Eventually.TrueAsync(() => driver.ListAsync(CancellationToken.None).Result.Single().Exit is not null, "the container exits");
}
