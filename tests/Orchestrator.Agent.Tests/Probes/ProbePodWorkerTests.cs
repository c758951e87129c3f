using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Agent.Nodes;
using Orchestrator.Agent.Pods;
using Orchestrator.Agent.Probes;
using Orchestrator.Agent.Runtime.Process;
using Orchestrator.Agent.Tests.Runtime;
using Orchestrator.Agent.Tests.Support;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Tests.Probes;

/// <summary>Probes through the pod worker and the real process runtime: readiness gates the Ready condition, liveness restarts.</summary>
public sealed class ProbePodWorkerTests : IAsyncDisposable
{
    private readonly ProcessDriverFixture _processes = new();
    private readonly AgentHarness _agent;
    private readonly ProcessDriver _driver;
    private static readonly IPAddress PodIP = IPAddress.Parse("127.0.0.2");

    private readonly ProbeRunner _runner;
    private readonly ProbeSupervisor _probes;
    private readonly PodWorker _worker;

    public ProbePodWorkerTests()
    {
        _agent = new AgentHarness(options =>
        {
            // The pod IP of process pods, where probes go: a loopback address other than 127.0.0.1, so a probe of
            // 127.0.0.1 would not find the listener.
            options.NodeAddress = PodIP.ToString();
            options.StateDirectory = _processes.Paths.Root;
        });
        _driver = _processes.NewDriver(_agent.Time);
        _runner = new ProbeRunner(_driver, _agent.Time);
        _probes = new ProbeSupervisor(_runner, _agent.Signals, _agent.Time, NullLogger<ProbeSupervisor>.Instance);
        _worker = new PodWorker(
            _agent.Desired,
            _driver,
            new PodReconciler(_agent.Options, _driver.RuntimeClassName),
            _agent.Buffer,
            new NodeAddressResolver(_agent.WrappedOptions, _agent.Time),
            _agent.Signals,
            _probes,
            _agent.WrappedOptions,
            _agent.Time,
            NullLogger<PodWorker>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        await _probes.DisposeAsync();
        _runner.Dispose();
        _processes.Dispose();
        _agent.Dispose();
    }

    [Fact]
    public async Task SyncAsync_ReadinessProbeOnAPortThatOpensLater_PodBecomesReadyOnlyThen()
    {
        var port = FreePort();
        var container = _processes.Shell("app", "sleep 60");
        container.ReadinessProbe = new Probe { TcpSocket = new TcpSocketAction { Port = IntOrString.FromInt(port) }, PeriodSeconds = 1, TimeoutSeconds = 5 };
        _agent.Desired.Replace([TestPods.Pod("web", "uid-1", containers: [container])]);

        await _worker.SyncAsync(CancellationToken.None);
        for (var i = 0; i < 5; i++)
        {
            await PeriodAsync();
        }

        var before = LatestStatus();
        Assert.Equal("Running", before.Phase);
        Assert.Equal("False", Condition(before, "Ready"));
        Assert.Equal("False", Condition(before, "ContainersReady"));
        Assert.False(before.ContainerStatuses!.Single().Ready);
        Assert.True(before.ContainerStatuses!.Single().Started);

        using var listener = new TcpListener(PodIP, port);
        listener.Start();
        await Eventually.TrueAsync(
            () =>
            {
                PeriodAsync().GetAwaiter().GetResult();
                return Condition(LatestStatus(), "Ready") == "True";
            },
            "the readiness probe passes once the port is open");

        var after = LatestStatus();
        Assert.Equal("True", Condition(after, "ContainersReady"));
        Assert.True(after.ContainerStatuses!.Single().Ready);
        Assert.Equal(0, after.ContainerStatuses!.Single().RestartCount);
    }

    [Fact]
    public async Task SyncAsync_LivenessProbeFails_RestartsTheContainerAndReportsTheKilledRun()
    {
        var container = _processes.Shell("app", "sleep 60");
        container.LivenessProbe = new Probe
        {
            Exec = new ExecAction { Command = ["/bin/sh", "-c", "exit 1"] },
            PeriodSeconds = 1,
            FailureThreshold = 2,
            TimeoutSeconds = 5,
        };
        _agent.Desired.Replace([TestPods.Pod("web", "uid-1", containers: [container])]);
        await _worker.SyncAsync(CancellationToken.None);
        var firstPid = ProcessTable.WithMarker(_processes.Marker).Single();

        await Eventually.TrueAsync(
            () =>
            {
                PeriodAsync().GetAwaiter().GetResult();
                return LatestStatus().ContainerStatuses!.Single() is { RestartCount: >= 1, State.Running: not null };
            },
            "the container is killed and started again",
            TimeSpan.FromSeconds(20));

        var status = LatestStatus().ContainerStatuses!.Single();
        var killed = status.LastState!.Terminated!;
        Assert.Equal("Error", killed.Reason);
        Assert.Equal(143, killed.ExitCode); // SIGTERM
        Assert.Equal($"process://{firstPid}", killed.ContainerID);
        Assert.NotEqual($"process://{firstPid}", status.ContainerID);
    }

    /// <summary>One second of the fake clock, time for the probes it triggers, and a pass of the pod worker.</summary>
    private async Task PeriodAsync()
    {
        _agent.Time.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(100);
        await _worker.SyncAsync(CancellationToken.None);
    }

    private PodStatus LatestStatus() => _agent.Buffer.Peek(1000).Last().Item.Status;

    private static string? Condition(PodStatus status, string type) => status.Conditions!.Single(condition => condition.Type == type).Status;

    private static int FreePort()
    {
        using var listener = new TcpListener(PodIP, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
