using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Probes;

/// <summary>
/// The probes of one run of one container (one container id): a worker per declared probe, and what they publish.
/// A restarted container is a new run, so counters and results start over, as in the kubelet.
/// </summary>
internal sealed class ContainerProbeRun
{
    private readonly Lock _gate = new();
    private readonly Action _changed;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<ProbeKind, ProbeWorker> _workers = [];
    private readonly List<Task> _tasks = [];
    private ProbeResult _startup = ProbeResult.Unknown;
    private ProbeResult _readiness = ProbeResult.Failure;
    private ProbeKill? _kill;

    public ContainerProbeRun(ProbeTarget target, DateTimeOffset startedAt, IProbeRunner runner, TimeProvider time, ILogger logger, Action changed)
    {
        ArgumentNullException.ThrowIfNull(target);
        Target = target;
        StartedAt = startedAt;
        _changed = changed;
        foreach (var (kind, probe) in Declared(target.Spec))
        {
            _workers[kind] = new ProbeWorker(kind, probe, this, runner, time, logger);
        }
    }

    public ProbeTarget Target { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>Whether the startup probe (if any) has succeeded; liveness and readiness wait for it.</summary>
    public bool Started
    {
        get
        {
            lock (_gate)
            {
                return !_workers.ContainsKey(ProbeKind.Startup) || _startup == ProbeResult.Success;
            }
        }
    }

    public ContainerProbeStatus Status
    {
        get
        {
            lock (_gate)
            {
                var started = !_workers.ContainsKey(ProbeKind.Startup) || _startup == ProbeResult.Success;
                var ready = started && (!_workers.ContainsKey(ProbeKind.Readiness) || _readiness == ProbeResult.Success);
                return new ContainerProbeStatus(Target.ContainerId, started, ready, _kill);
            }
        }
    }

    public static bool HasProbes(Container spec) => spec.LivenessProbe is not null || spec.ReadinessProbe is not null || spec.StartupProbe is not null;

    public void Start()
    {
        foreach (var worker in _workers.Values)
        {
            _tasks.Add(worker.RunAsync(_stop.Token));
        }
    }

    /// <summary>Stops every worker and waits for them; the workers never throw.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_tasks);
        _stop.Dispose();
    }

    /// <summary>Called by a worker when its thresholds change its result.</summary>
    public void Publish(ProbeKind kind, ProbeResult result, Probe probe)
    {
        List<ProbeWorker> toTrigger = [];
        lock (_gate)
        {
            switch (kind)
            {
                case ProbeKind.Startup:
                    _startup = result;
                    if (result == ProbeResult.Success)
                    {
                        // The kubelet probes readiness and liveness at once when startup succeeds, not a period later.
                        toTrigger.AddRange(_workers.Where(pair => pair.Key != ProbeKind.Startup).Select(pair => pair.Value));
                    }

                    break;
                case ProbeKind.Readiness:
                    _readiness = result;
                    break;
            }

            if (kind is ProbeKind.Liveness or ProbeKind.Startup && result == ProbeResult.Failure)
            {
                var name = kind == ProbeKind.Liveness ? "liveness" : "startup";
                _kill ??= new ProbeKill(Target.ContainerId, $"Container {Target.Key.ContainerName} failed {name} probe, will be restarted", probe.TerminationGracePeriodSeconds);
            }
        }

        foreach (var worker in toTrigger)
        {
            worker.Trigger();
        }

        _changed();
    }

    private static IEnumerable<(ProbeKind Kind, Probe Probe)> Declared(Container spec)
    {
        if (spec.StartupProbe is { } startup)
        {
            yield return (ProbeKind.Startup, startup);
        }

        if (spec.LivenessProbe is { } liveness)
        {
            yield return (ProbeKind.Liveness, liveness);
        }

        if (spec.ReadinessProbe is { } readiness)
        {
            yield return (ProbeKind.Readiness, readiness);
        }
    }
}
