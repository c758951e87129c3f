using Orchestrator.Agent.Hosting;
using Orchestrator.Agent.Pods;
using Orchestrator.Agent.Runtime;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Probes;

/// <summary>
/// Owns the probe workers of every running container that declares probes: <see cref="Update"/> starts them when a
/// container (run) appears and stops them when it is gone; the pod worker reads <see cref="Snapshot"/> for
/// <c>ready</c>/<c>started</c> and for liveness kills. A changed result wakes the pod worker at once.
/// </summary>
internal sealed partial class ProbeSupervisor : IAsyncDisposable
{
    private readonly IProbeRunner _runner;
    private readonly AgentSignals _signals;
    private readonly TimeProvider _time;
    private readonly ILogger<ProbeSupervisor> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<ContainerKey, ContainerProbeRun> _runs = [];
    private readonly List<Task> _stopping = [];

    public ProbeSupervisor(IProbeRunner runner, AgentSignals signals, TimeProvider time, ILogger<ProbeSupervisor> logger)
    {
        _runner = runner;
        _signals = signals;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Brings the workers in line with the running containers of the desired pods. <paramref name="podIP"/> is where
    /// httpGet and tcpSocket probes without a host go, as in Kubernetes (for the process runtime, which shares the
    /// host's network, that is the node's address).
    /// </summary>
    public void Update(IReadOnlyList<Pod> pods, IReadOnlyList<RuntimeContainer> containers, string podIP)
    {
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(containers);
        var specs = new Dictionary<ContainerKey, Container>();
        foreach (var pod in pods)
        {
            if (!PodFacts.IsUsable(pod))
            {
                continue;
            }

            foreach (var spec in pod.Spec?.Containers ?? [])
            {
                if (!string.IsNullOrEmpty(spec?.Name) && ContainerProbeRun.HasProbes(spec))
                {
                    specs.TryAdd(new ContainerKey(PodFacts.Uid(pod), spec.Name), spec);
                }
            }
        }

        var host = podIP;
        lock (_gate)
        {
            var wanted = new HashSet<ContainerKey>();
            foreach (var container in containers)
            {
                if (!container.IsRunning || !specs.TryGetValue(container.Key, out var spec))
                {
                    continue;
                }

                if (_runs.TryGetValue(container.Key, out var existing) && existing.Target.ContainerId == container.ContainerId)
                {
                    wanted.Add(container.Key);
                    continue;
                }

                // A container about to be replaced for a changed spec is not probed with a spec it does not run.
                if (container.SpecHash != ContainerSpecHash.Compute(spec))
                {
                    continue;
                }

                wanted.Add(container.Key);
                if (existing is not null)
                {
                    Stop(existing);
                }

                var run = new ContainerProbeRun(new ProbeTarget(container.Key, container.ContainerId, spec, host), container.StartedAt, _runner, _time, _logger, _signals.Reconcile.Set);
                _runs[container.Key] = run;
                run.Start();
                Log.Probing(_logger, container.Key, container.ContainerId);
            }

            foreach (var key in _runs.Keys.Where(key => !wanted.Contains(key)).ToList())
            {
                Stop(_runs[key]);
                _runs.Remove(key);
            }
        }
    }

    /// <summary>The probe state of every probed container run, by container; compare the container id with the run's.</summary>
    public IReadOnlyDictionary<ContainerKey, ContainerProbeStatus> Snapshot()
    {
        lock (_gate)
        {
            return _runs.ToDictionary(pair => pair.Key, pair => pair.Value.Status);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task[] pending;
        lock (_gate)
        {
            foreach (var run in _runs.Values)
            {
                Stop(run);
            }

            _runs.Clear();
            pending = [.. _stopping];
        }

        await Task.WhenAll(pending);
    }

    /// <summary>Call under the lock.</summary>
    private void Stop(ContainerProbeRun run)
    {
        _stopping.RemoveAll(task => task.IsCompleted);
        _stopping.Add(StopAsync(run));
    }

    private async Task StopAsync(ContainerProbeRun run)
    {
        try
        {
            await run.StopAsync();
        }
        catch (Exception ex)
        {
            Log.StopFailed(_logger, ex, run.Target.Key);
        }
    }
}
