namespace Orchestrator.Agent.Runtime;

/// <summary>
/// A container runtime (decision 7): the process driver now, Docker later. A driver remembers what it started so
/// that a restarted agent adopts running containers instead of starting them twice.
/// </summary>
internal interface IRuntimeDriver
{
    /// <summary>The <c>runtimeClassName</c> pods use to choose this driver.</summary>
    string RuntimeClassName { get; }

    /// <summary>The node's <c>containerRuntimeVersion</c>, such as <c>process://10.0.1</c>.</summary>
    string RuntimeVersion { get; }

    /// <summary>Raised when a container exits on its own or is stopped, so the agent reconciles at once.</summary>
    event EventHandler<ContainerKey>? ContainerExited;

    /// <summary>All containers the driver knows, running or exited; also notices adopted containers that died.</summary>
    Task<IReadOnlyList<RuntimeContainer>> ListAsync(CancellationToken cancellationToken);

    /// <exception cref="ContainerCreateException">The container cannot be started as specified.</exception>
    Task<RuntimeContainer> StartAsync(ContainerLaunch launch, CancellationToken cancellationToken);

    /// <summary>Asks the container to stop, waits up to <paramref name="gracePeriod"/>, then kills it.</summary>
    Task StopAsync(ContainerKey key, TimeSpan gracePeriod, CancellationToken cancellationToken);

    /// <summary>Forgets an exited container: its record and its log.</summary>
    Task RemoveAsync(ContainerKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="command"/> (an argument vector, no shell) in the running container <paramref name="key"/>,
    /// with the container's environment and working directory, as exec probes and hooks do.
    /// </summary>
    /// <exception cref="TimeoutException">The command did not finish within <paramref name="timeout"/>.</exception>
    /// <exception cref="InvalidOperationException">The container does not run.</exception>
    Task<ExecResult> ExecAsync(ContainerKey key, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken);
}
