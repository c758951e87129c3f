using Docker.DotNet.Models;

namespace Orchestrator.Agent.Runtime.Docker;

/// <summary>The few Docker Engine calls the driver makes; <see cref="DockerEngine"/> implements them over Docker.DotNet.</summary>
internal interface IDockerEngine
{
    /// <summary>The engine's version, such as <c>20.10.24</c>.</summary>
    Task<string> GetVersionAsync(CancellationToken cancellationToken);

    /// <summary>All containers (running or not) carrying every given label with the given value.</summary>
    Task<IReadOnlyList<ContainerListResponse>> ListContainersAsync(IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken);

    /// <summary>Null when no such container exists.</summary>
    Task<ContainerInspectResponse?> InspectContainerAsync(string id, CancellationToken cancellationToken);

    Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken);

    /// <exception cref="DockerPullException">The pull failed.</exception>
    Task PullImageAsync(string image, AuthConfig? credentials, CancellationToken cancellationToken);

    Task<bool> NetworkExistsAsync(string name, CancellationToken cancellationToken);

    /// <summary>Creates the container and returns its id.</summary>
    Task<string> CreateContainerAsync(CreateContainerParameters parameters, CancellationToken cancellationToken);

    Task StartContainerAsync(string id, CancellationToken cancellationToken);

    /// <summary>Sends the stop signal, waits up to <paramref name="gracePeriod"/>, then kills.</summary>
    Task StopContainerAsync(string id, TimeSpan gracePeriod, CancellationToken cancellationToken);

    /// <summary>Removes the container (forcibly: a running one is killed); a missing one is no error.</summary>
    Task RemoveContainerAsync(string id, CancellationToken cancellationToken);

    /// <summary>The container's stdout and stderr, each line prefixed by the engine's RFC 3339 time; null when the container is gone.</summary>
    Task<string?> GetLogsAsync(string id, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="command"/> in the running container, waiting up to <paramref name="timeout"/>.</summary>
    Task<DockerExecOutcome> ExecAsync(string id, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken);
}
