using Orchestrator.Agent.Runtime.Docker;

namespace Orchestrator.Agent.Runtime;

/// <summary>
/// The agent's runtimes as one driver: a start goes to the driver its pod's <c>runtimeClassName</c> names (Docker
/// when absent); lists are joined; stop, remove and exec go to every driver, each of which ignores keys it does not
/// know (container keys carry the pod uid, so no two drivers share one).
/// </summary>
internal sealed class RuntimeDriverSet : IRuntimeDriver
{
    private readonly IReadOnlyList<IRuntimeDriver> _drivers;

    public RuntimeDriverSet(IReadOnlyList<IRuntimeDriver> drivers)
    {
        ArgumentOutOfRangeException.ThrowIfZero(drivers.Count);
        _drivers = drivers;
        foreach (var driver in drivers)
        {
            driver.ContainerExited += (_, key) => ContainerExited?.Invoke(this, key);
        }
    }

    public event EventHandler<ContainerKey>? ContainerExited;

    public IReadOnlyList<IRuntimeDriver> Drivers => _drivers;

    /// <summary>The first driver's class: the default one.</summary>
    public string RuntimeClassName => _drivers[0].RuntimeClassName;

    /// <summary>The version of the first driver that works now (a Docker engine that does not answer is skipped).</summary>
    public string RuntimeVersion => Available.FirstOrDefault()?.RuntimeVersion ?? _drivers[0].RuntimeVersion;

    /// <summary>The drivers that can run containers now: all but a Docker driver whose engine does not answer.</summary>
    public IEnumerable<IRuntimeDriver> Available => _drivers.Where(driver => driver is not DockerDriver { EngineVersion: null });

    public IReadOnlyList<string> RuntimeClassNames => [.. _drivers.Select(driver => driver.RuntimeClassName)];

    public async Task<IReadOnlyList<RuntimeContainer>> ListAsync(CancellationToken cancellationToken)
    {
        var all = new List<RuntimeContainer>();
        foreach (var driver in _drivers)
        {
            all.AddRange(await driver.ListAsync(cancellationToken));
        }

        return all;
    }

    public Task<RuntimeContainer> StartAsync(ContainerLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var name = launch.RuntimeClassName is { Length: > 0 } requested ? requested : DockerDriver.Name;
        var driver = _drivers.FirstOrDefault(candidate => candidate.RuntimeClassName == name)
            ?? throw new ContainerCreateException(ContainerCreateException.CreateContainerConfigError, $"this agent has no runtime \"{name}\"");
        return driver.StartAsync(launch, cancellationToken);
    }

    public async Task StopAsync(ContainerKey key, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        foreach (var driver in await OwnersAsync(key, cancellationToken))
        {
            await driver.StopAsync(key, gracePeriod, cancellationToken);
        }
    }

    public async Task RemoveAsync(ContainerKey key, CancellationToken cancellationToken)
    {
        foreach (var driver in await OwnersAsync(key, cancellationToken))
        {
            await driver.RemoveAsync(key, cancellationToken);
        }
    }

    public async Task<ExecResult> ExecAsync(ContainerKey key, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var owner = (await OwnersAsync(key, cancellationToken)).FirstOrDefault()
            ?? throw new InvalidOperationException($"Container {key} is not running.");
        return await owner.ExecAsync(key, command, timeout, cancellationToken);
    }

    private async Task<List<IRuntimeDriver>> OwnersAsync(ContainerKey key, CancellationToken cancellationToken)
    {
        if (_drivers.Count == 1)
        {
            return [_drivers[0]];
        }

        var owners = new List<IRuntimeDriver>();
        foreach (var driver in _drivers)
        {
            if ((await driver.ListAsync(cancellationToken)).Any(container => container.Key == key))
            {
                owners.Add(driver);
            }
        }

        return owners;
    }
}
