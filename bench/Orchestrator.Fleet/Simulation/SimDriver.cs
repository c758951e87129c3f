using System.Globalization;
using Orchestrator.Agent.Runtime;

namespace Orchestrator.Fleet.Simulation;

/// <summary>
/// The <c>sim</c> runtime: a container starts at once and runs until it is stopped. Its state lives as long as the
/// fleet, not the agent, so a restarted simulated agent adopts its containers as a real one adopts processes.
/// </summary>
internal sealed class SimDriver : IRuntimeDriver
{
    public const string Name = "sim";

    private readonly Dictionary<ContainerKey, RuntimeContainer> _containers = [];
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private long _ids;

    public SimDriver(TimeProvider time) => _time = time;

    public event EventHandler<ContainerKey>? ContainerExited;

    public string RuntimeClassName => Name;

    public string RuntimeVersion => "sim://1";

    public int Running
    {
        get
        {
            lock (_gate)
            {
                return _containers.Values.Count(container => container.IsRunning);
            }
        }
    }

    public Task<IReadOnlyList<RuntimeContainer>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<RuntimeContainer>>([.. _containers.Values]);
        }
    }

    public Task<RuntimeContainer> StartAsync(ContainerLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var id = "sim://" + Interlocked.Increment(ref _ids).ToString(CultureInfo.InvariantCulture);
        var container = new RuntimeContainer(launch.Key, launch.Namespace, launch.PodName, launch.SpecHash, id, _time.GetUtcNow(), null,
            launch.RestartCount, launch.BackoffStep, launch.LastState, launch.TerminationGracePeriod);
        lock (_gate)
        {
            _containers[launch.Key] = container;
        }

        return Task.FromResult(container);
    }

    public Task StopAsync(ContainerKey key, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_containers.TryGetValue(key, out var container) || !container.IsRunning)
            {
                return Task.CompletedTask;
            }

            var now = _time.GetUtcNow();
            _containers[key] = container with { Exit = ContainerTermination.FromExitCode(0, container.StartedAt, now, container.ContainerId) };
        }

        ContainerExited?.Invoke(this, key);
        return Task.CompletedTask;
    }

    public Task RemoveAsync(ContainerKey key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_containers.TryGetValue(key, out var container) && container.IsRunning)
            {
                throw new InvalidOperationException($"Container {key} is running; stop it before removing it.");
            }

            _containers.Remove(key);
        }

        return Task.CompletedTask;
    }

    /// <summary>A simulated container has no processes: every command succeeds while it runs.</summary>
    public Task<ExecResult> ExecAsync(ContainerKey key, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _containers.TryGetValue(key, out var container) && container.IsRunning
                ? Task.FromResult(new ExecResult(0, ""))
                : throw new InvalidOperationException($"Container {key} is not running.");
        }
    }
}
