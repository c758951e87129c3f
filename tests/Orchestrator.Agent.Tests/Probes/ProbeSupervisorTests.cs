using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Agent.Hosting;
using Orchestrator.Agent.Probes;
using Orchestrator.Agent.Runtime;
using Orchestrator.Agent.Tests.Support;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Tests.Probes;

/// <summary>The probe state machine on a fake clock: initial delay, period, thresholds, startup gating and kills.</summary>
public sealed class ProbeSupervisorTests : IAsyncDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(T0);
    private readonly AgentSignals _signals = new();
    private readonly ScriptedProbeRunner _runner;
    private readonly ProbeSupervisor _supervisor;

    public ProbeSupervisorTests()
    {
        _runner = new ScriptedProbeRunner(_time);
        _supervisor = new ProbeSupervisor(_runner, _signals, _time, NullLogger<ProbeSupervisor>.Instance);
    }

    public ValueTask DisposeAsync() => _supervisor.DisposeAsync();

    [Fact]
    public async Task Update_InitialDelay_FirstProbeAtTheFirstPeriodTickAfterTheDelay()
    {
        var readiness = Tcp(initialDelaySeconds: 15, periodSeconds: 10);
        var pod = Pod(readiness: readiness);
        _runner.Answer(readiness, success: true);

        Start(pod);
        await TicksAsync(1, TimeSpan.FromSeconds(10));
        Assert.Equal(0, _runner.Attempts(readiness));
        Assert.False(Status(pod).Ready);

        await TickAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => Status(pod).Ready, "the readiness probe passes at 20 s");
        Assert.Equal([T0.AddSeconds(20)], _runner.AttemptTimes(readiness));
    }

    [Fact]
    public async Task Update_Period_ProbesOncePerPeriod()
    {
        var liveness = Tcp(periodSeconds: 5);
        var pod = Pod(liveness: liveness);
        _runner.Answer(liveness, success: true);

        Start(pod);
        await Eventually.TrueAsync(() => _runner.Attempts(liveness) == 1, "the first probe runs at once");
        await TicksAsync(3, TimeSpan.FromSeconds(5), liveness);

        Assert.Equal([T0, T0.AddSeconds(5), T0.AddSeconds(10), T0.AddSeconds(15)], _runner.AttemptTimes(liveness));
    }

    [Fact]
    public async Task Update_ReadinessWithSuccessThresholdTwo_ReadyAfterTwoSuccessesAndUnreadyAfterFailureThreshold()
    {
        var readiness = Tcp(periodSeconds: 1, successThreshold: 2, failureThreshold: 2);
        var pod = Pod(readiness: readiness);
        _runner.Answer(readiness, success: true);
        Start(pod);

        await Eventually.TrueAsync(() => _runner.Attempts(readiness) == 1, "the first probe runs");
        Assert.False(Status(pod).Ready);
        await TickAsync(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => Status(pod).Ready, "two successes make it ready");
        Assert.True(await _signals.Reconcile.WaitAsync(TimeSpan.Zero, _time, CancellationToken.None), "the change wakes the pod worker");

        _runner.Answer(readiness, success: false);
        await TickAsync(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => _runner.Attempts(readiness) == 3, "the third probe runs");
        Assert.True(Status(pod).Ready, "one failure is below the failure threshold");
        await TickAsync(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => !Status(pod).Ready, "two failures make it unready");
        Assert.Null(Status(pod).Kill);
    }

    [Fact]
    public async Task Update_LivenessFailsFailureThresholdTimes_AsksForAKillAndStopsProbing()
    {
        var liveness = Tcp(periodSeconds: 10, failureThreshold: 3);
        liveness.TerminationGracePeriodSeconds = 7;
        var pod = Pod(liveness: liveness);
        Start(pod);

        await Eventually.TrueAsync(() => _runner.Attempts(liveness) == 1, "the first probe runs");
        await TickAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => _runner.Attempts(liveness) == 2, "the second probe runs");
        Assert.Null(Status(pod).Kill);

        await TickAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => Status(pod).Kill is not null, "the third failure asks for a kill");
        var kill = Status(pod).Kill!;
        Assert.Equal("Container app failed liveness probe, will be restarted", kill.Message);
        Assert.Equal(7, kill.TerminationGracePeriodSeconds);
        Assert.Equal("process://100", kill.ContainerId);

        await TicksAsync(3, TimeSpan.FromSeconds(10));
        Assert.Equal(3, _runner.Attempts(liveness));
    }

    [Fact]
    public async Task Update_StartupProbe_GatesLivenessAndReadinessUntilItSucceeds()
    {
        var startup = Tcp(periodSeconds: 10, failureThreshold: 30);
        var liveness = Tcp(periodSeconds: 10);
        var readiness = Tcp(periodSeconds: 10);
        var pod = Pod(liveness: liveness, readiness: readiness, startup: startup);
        _runner.Answer(liveness, success: true);
        _runner.Answer(readiness, success: true);
        Start(pod);

        await Eventually.TrueAsync(() => _runner.Attempts(startup) == 1, "the startup probe runs");
        await TicksAsync(2, TimeSpan.FromSeconds(10), startup);
        Assert.Equal(0, _runner.Attempts(liveness) + _runner.Attempts(readiness));
        Assert.False(Status(pod).Started);
        Assert.False(Status(pod).Ready);

        _runner.Answer(startup, success: true);
        await TickAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => Status(pod).Ready, "readiness is probed as soon as startup succeeds");
        Assert.True(Status(pod).Started);
        Assert.Equal(4, _runner.Attempts(startup));

        await TicksAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal(4, _runner.Attempts(startup));
    }

    [Fact]
    public async Task Update_StartupFailsFailureThresholdTimes_AsksForAKill()
    {
        var startup = Tcp(periodSeconds: 1, failureThreshold: 2);
        var pod = Pod(startup: startup);
        Start(pod);

        await Eventually.TrueAsync(() => _runner.Attempts(startup) == 1, "the startup probe runs");
        await TickAsync(TimeSpan.FromSeconds(1));

        await Eventually.TrueAsync(() => Status(pod).Kill is not null, "two failures ask for a kill");
        Assert.Equal("Container app failed startup probe, will be restarted", Status(pod).Kill!.Message);
        Assert.False(Status(pod).Started);
    }

    [Fact]
    public async Task Update_ContainerRestarted_StartsOverWithFreshCounters()
    {
        var liveness = Tcp(periodSeconds: 1, failureThreshold: 1);
        var pod = Pod(liveness: liveness);
        Start(pod);
        await Eventually.TrueAsync(() => Status(pod).Kill is not null, "the first run is killed");

        _runner.Answer(liveness, success: true);
        _supervisor.Update([pod], [Running(pod, pid: 101)], "10.0.0.5");

        Assert.Null(Status(pod).Kill);
        Assert.Equal("process://101", Status(pod).ContainerId);
    }

    [Fact]
    public async Task Update_ProcessPodProbeWithoutHost_GoesToThePodIPNotLoopback()
    {
        var liveness = Tcp(periodSeconds: 1);
        var pod = Pod(liveness: liveness);
        _runner.Answer(liveness, success: true);

        Start(pod);
        await Eventually.TrueAsync(() => _runner.Attempts(liveness) == 1, "the probe runs");

        Assert.Equal(["10.0.0.5"], _runner.Hosts(liveness));
    }

    [Fact]
    public async Task Update_ContainerGone_StopsItsWorkers()
    {
        var liveness = Tcp(periodSeconds: 1);
        var pod = Pod(liveness: liveness);
        _runner.Answer(liveness, success: true);
        Start(pod);
        await Eventually.TrueAsync(() => _runner.Attempts(liveness) == 1, "the probe runs");

        _supervisor.Update([pod], [], "10.0.0.5");
        await TicksAsync(3, TimeSpan.FromSeconds(1));

        Assert.Empty(_supervisor.Snapshot());
        Assert.Equal(1, _runner.Attempts(liveness));
    }

    private static Probe Tcp(int? initialDelaySeconds = null, int periodSeconds = 10, int successThreshold = 1, int failureThreshold = 3) => new()
    {
        TcpSocket = new TcpSocketAction { Port = IntOrString.FromInt(8080) },
        InitialDelaySeconds = initialDelaySeconds,
        PeriodSeconds = periodSeconds,
        SuccessThreshold = successThreshold,
        FailureThreshold = failureThreshold,
        TimeoutSeconds = 1,
    };

    private static Pod Pod(Probe? liveness = null, Probe? readiness = null, Probe? startup = null)
    {
        var container = TestPods.Container("app", "/bin/sleep", "60");
        container.LivenessProbe = liveness;
        container.ReadinessProbe = readiness;
        container.StartupProbe = startup;
        return TestPods.Pod("web", "uid-1", containers: [container]);
    }

    private static RuntimeContainer Running(Pod pod, int pid = 100) => Containers.Running(pod, "app", T0, pid: pid);

    private void Start(Pod pod) => _supervisor.Update([pod], [Running(pod)], "10.0.0.5");

    private ContainerProbeStatus Status(Pod pod) => _supervisor.Snapshot()[new ContainerKey(pod.Metadata.Uid!, "app")];

    /// <summary>
    /// Advances the clock by one period and gives the workers time to run the probe it triggers; with
    /// <paramref name="expected"/>, waits until that probe has run (and re-armed its timer) before the next tick.
    /// </summary>
    private async Task TickAsync(TimeSpan period, Probe? expected = null)
    {
        var before = expected is null ? 0 : _runner.Attempts(expected);
        _time.Advance(period);
        if (expected is not null)
        {
            await Eventually.TrueAsync(() => _runner.Attempts(expected) > before, "the probe runs at the tick");
            await Task.Delay(20);
        }
        else
        {
            await Task.Delay(100);
        }
    }

    private async Task TicksAsync(int count, TimeSpan period, Probe? expected = null)
    {
        for (var i = 0; i < count; i++)
        {
            await TickAsync(period, expected);
        }
    }
}
