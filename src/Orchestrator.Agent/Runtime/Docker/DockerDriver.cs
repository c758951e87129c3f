using System.Globalization;
using System.Net;
using System.Text;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using Orchestrator.Agent.Api;
using Orchestrator.Agent.Configuration;
using Orchestrator.Agent.Identity;
using Orchestrator.Agent.Nodes;
using Secret = Orchestrator.Core.Objects.Secret;

namespace Orchestrator.Agent.Runtime.Docker;

/// <summary>
/// Runs containers through the Docker Engine (<c>runtimeClassName: docker</c>, the default). The engine is the
/// record: every container carries labels with its pod, spec hash and restart accounting, so a restarted agent
/// adopts what runs instead of starting it twice, and finds what is no longer desired. Exits are noticed when the
/// agent lists containers (every second) and raised as <see cref="ContainerExited"/>.
/// </summary>
internal sealed partial class DockerDriver : IRuntimeDriver
{
    public const string Name = "docker";

    private const string ErrImagePull = "ErrImagePull";
    private const string ErrImageNeverPull = "ErrImageNeverPull";
    private const string RunContainerError = "RunContainerError";


    private readonly IDockerEngine _engine;
    private readonly IPullSecretSource _secrets;
    private readonly NodeIdentity _identity;
    private readonly NodeAddressResolver _addresses;
    private readonly string? _configuredNodeName;
    private readonly TimeProvider _time;
    private readonly ILogger<DockerDriver> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ContainerInspectResponse> _inspected = new(StringComparer.Ordinal);
    private Dictionary<ContainerKey, RuntimeContainer> _known = [];
    private string? _engineVersion;
    private bool _engineDown;

    public DockerDriver(
        IDockerEngine engine,
        IPullSecretSource secrets,
        NodeIdentity identity,
        NodeAddressResolver addresses,
        IOptions<AgentOptions> options,
        TimeProvider time,
        ILogger<DockerDriver> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _engine = engine;
        _secrets = secrets;
        _identity = identity;
        _addresses = addresses;
        _configuredNodeName = options.Value.NodeName;
        _time = time;
        _logger = logger;
    }

    public event EventHandler<ContainerKey>? ContainerExited;

    public string RuntimeClassName => Name;

    /// <summary><c>docker://&lt;engine version&gt;</c> once the engine answered, else <c>docker://unknown</c>.</summary>
    public string RuntimeVersion => "docker://" + (EngineVersion ?? "unknown");

    /// <summary>The engine's version from the last successful call; null while the engine does not answer.</summary>
    public string? EngineVersion
    {
        get
        {
            lock (_gate)
            {
                return _engineVersion;
            }
        }
    }

    private string NodeName => _identity.Current?.NodeName ?? _configuredNodeName ?? NodeNames.FromHostName(Dns.GetHostName());

    public async Task<IReadOnlyList<RuntimeContainer>> ListAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<ContainerListResponse> listed;
        var current = new Dictionary<ContainerKey, RuntimeContainer>();
        try
        {
            listed = await _engine.ListContainersAsync(NodeLabels(), cancellationToken);
            foreach (var group in listed.Where(item => DockerLabels.KeyOf(item.Labels) is not null).GroupBy(item => DockerLabels.KeyOf(item.Labels)!.Value))
            {
                var ordered = group.OrderByDescending(item => DockerLabels.GetInt(item.Labels, DockerLabels.RestartCount)).ThenByDescending(item => item.Created).ToList();
                if (await DescribeAsync(ordered[0], cancellationToken) is { } container)
                {
                    current[group.Key] = container;
                }
            }

            if (EngineVersion is null)
            {
                var version = await _engine.GetVersionAsync(cancellationToken);
                lock (_gate)
                {
                    _engineVersion = version;
                }

                Log.EngineAnswered(_logger, version);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The containers keep running without the engine's API; report what was last seen rather than nothing, so
            // the reconciler does not try to start them again.
            lock (_gate)
            {
                if (!_engineDown)
                {
                    Log.EngineUnreachable(_logger, ex, ex.Message);
                }

                _engineDown = true;
                _engineVersion = null;
                return [.. _known.Values];
            }
        }

        List<ContainerKey> exited;
        lock (_gate)
        {
            _engineDown = false;
            exited = [.. current.Where(pair => !pair.Value.IsRunning && _known.TryGetValue(pair.Key, out var before) && before.IsRunning && before.ContainerId == pair.Value.ContainerId).Select(pair => pair.Key)];
            _known = current;
            var ids = listed.Select(item => item.ID).ToHashSet(StringComparer.Ordinal);
            foreach (var stale in _inspected.Keys.Where(id => !ids.Contains(id)).ToList())
            {
                _inspected.Remove(stale);
            }
        }

        foreach (var key in exited)
        {
            Log.Exited(_logger, key, current[key].Exit!.ExitCode, current[key].Exit!.Reason);
            RaiseExited(key);
        }

        return [.. current.Values];
    }

    public async Task<RuntimeContainer> StartAsync(ContainerLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var key = launch.Key;
        try
        {
            var existing = await _engine.ListContainersAsync(KeyLabels(key), cancellationToken);
            if (existing.Any(IsRunning))
            {
                throw new InvalidOperationException($"Container {key} is running; stop it before starting it again.");
            }

            if (string.IsNullOrWhiteSpace(launch.Spec.Image))
            {
                throw new ContainerCreateException(ContainerCreateException.CreateContainerConfigError, $"container \"{key.ContainerName}\" names no image");
            }

            var image = await EnsureImageAsync(launch, launch.Spec.Image, cancellationToken);
            var bridge = DockerContainerConfig.PublishesHostPorts(launch.Spec) && await _engine.NetworkExistsAsync(DockerContainerConfig.BridgeNetwork, cancellationToken);
            var parameters = DockerContainerConfig.Build(launch, image, NodeName, _addresses.InternalIP, bridge);
            parameters.Name = DockerLabels.ContainerName(launch);

            // A container of this very run left by an earlier attempt (created, never started) holds the name.
            foreach (var leftover in existing.Where(item => DockerLabels.GetInt(item.Labels, DockerLabels.RestartCount) == launch.RestartCount))
            {
                await _engine.RemoveContainerAsync(leftover.ID, cancellationToken);
            }

            var id = await CreateAsync(parameters, cancellationToken);
            try
            {
                await _engine.StartContainerAsync(id, cancellationToken);
            }
            catch (global::Docker.DotNet.DockerApiException ex)
            {
                await _engine.RemoveContainerAsync(id, CancellationToken.None);
                throw new ContainerCreateException(RunContainerError, DockerEngine.EngineMessage(ex), ex);
            }

            // The new run replaces the previous one; its exit lives on in the new container's last-state label.
            foreach (var previous in existing.Where(item => DockerLabels.GetInt(item.Labels, DockerLabels.RestartCount) != launch.RestartCount))
            {
                await _engine.RemoveContainerAsync(previous.ID, cancellationToken);
            }

            var inspected = await _engine.InspectContainerAsync(id, cancellationToken)
                ?? throw new ContainerCreateException(RunContainerError, $"container {id} vanished right after it started");
            var container = ToRuntimeContainer(inspected);
            lock (_gate)
            {
                _known[key] = container;
            }

            Log.Started(_logger, key, launch.Namespace, launch.PodName, id, launch.RestartCount);
            return container;
        }
        catch (Exception ex) when (ex is not (ContainerCreateException or InvalidOperationException or OperationCanceledException))
        {
            throw new ContainerCreateException(ContainerCreateException.CreateContainerError, "the Docker engine failed: " + ex.Message, ex);
        }
    }

    public async Task StopAsync(ContainerKey key, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        var running = (await _engine.ListContainersAsync(KeyLabels(key), cancellationToken)).Where(IsRunning).ToList();
        if (running.Count == 0)
        {
            return;
        }

        foreach (var item in running)
        {
            Log.Stopping(_logger, key, item.ID, gracePeriod);
            var remaining = gracePeriod;
            if (item.Labels.TryGetValue(DockerContainerConfig.PreStopLabel, out var hookJson) && !string.IsNullOrEmpty(hookJson))
            {
                remaining = await PreStopHook.RunAsync(this, key, hookJson, _addresses.InternalIP, gracePeriod, _time, _logger, cancellationToken);
            }

            await _engine.StopContainerAsync(item.ID, remaining, cancellationToken);
            if (await _engine.InspectContainerAsync(item.ID, cancellationToken) is { } inspected)
            {
                lock (_gate)
                {
                    _inspected[item.ID] = inspected;
                    _known[key] = ToRuntimeContainer(inspected);
                }
            }
        }

        RaiseExited(key);
    }

    public async Task RemoveAsync(ContainerKey key, CancellationToken cancellationToken)
    {
        var containers = await _engine.ListContainersAsync(KeyLabels(key), cancellationToken);
        if (containers.Any(IsRunning))
        {
            throw new InvalidOperationException($"Container {key} is running; stop it before removing it.");
        }

        foreach (var item in containers)
        {
            await _engine.RemoveContainerAsync(item.ID, cancellationToken);
        }

        lock (_gate)
        {
            _known.Remove(key);
            foreach (var item in containers)
            {
                _inspected.Remove(item.ID);
            }
        }

        if (containers.Count > 0)
        {
            Log.Removed(_logger, key);
        }
    }

    /// <summary>Runs <paramref name="command"/> in the container's current run (<c>docker exec</c>).</summary>
    public async Task<ExecResult> ExecAsync(ContainerKey key, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var running = (await _engine.ListContainersAsync(KeyLabels(key), cancellationToken)).FirstOrDefault(IsRunning)
            ?? throw new InvalidOperationException($"Container {key} is not running.");
        var outcome = await _engine.ExecAsync(running.ID, command, timeout, cancellationToken);
        if (outcome.TimedOut)
        {
            throw new TimeoutException($"command timed out after {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s");
        }

        var output = outcome.Output.Length > ExecResult.MaxOutputBytes ? outcome.Output[..ExecResult.MaxOutputBytes] : outcome.Output;
        return new ExecResult((int)outcome.ExitCode, output);
    }


    internal static bool IsRunning(ContainerListResponse item) => item.State is "running" or "paused" or "restarting";

    private Dictionary<string, string> NodeLabels() => new(StringComparer.Ordinal) { [DockerLabels.Node] = NodeName };

    private Dictionary<string, string> KeyLabels(ContainerKey key) => new(StringComparer.Ordinal)
    {
        [DockerLabels.Node] = NodeName,
        [DockerLabels.PodUid] = key.PodUid,
        [DockerLabels.Container] = key.ContainerName,
    };

    private async Task<string> CreateAsync(CreateContainerParameters parameters, CancellationToken cancellationToken)
    {
        try
        {
            return await _engine.CreateContainerAsync(parameters, cancellationToken);
        }
        catch (global::Docker.DotNet.DockerApiException ex)
        {
            throw new ContainerCreateException(ContainerCreateException.CreateContainerError, DockerEngine.EngineMessage(ex), ex);
        }
    }

    /// <summary>Applies <c>imagePullPolicy</c> with Kubernetes' defaults; returns the reference to create from.</summary>
    private async Task<string> EnsureImageAsync(ContainerLaunch launch, string image, CancellationToken cancellationToken)
    {
        var reference = ImageReference.Parse(image);
        var normalized = reference.Normalized(image);
        var policy = ImageReference.EffectivePullPolicy(launch.Spec.ImagePullPolicy, image);
        switch (policy)
        {
            case ImageReference.Never:
                if (!await _engine.ImageExistsAsync(normalized, cancellationToken))
                {
                    throw new ContainerCreateException(ErrImageNeverPull, $"Container image \"{image}\" is not present with pull policy of Never");
                }

                return normalized;
            case ImageReference.IfNotPresent:
                if (await _engine.ImageExistsAsync(normalized, cancellationToken))
                {
                    return normalized;
                }

                break;
            case ImageReference.Always:
                break;
            default:
                throw new ContainerCreateException(ContainerCreateException.CreateContainerConfigError, $"imagePullPolicy \"{policy}\" is not one of Always, IfNotPresent, Never");
        }

        var credentials = await CredentialsAsync(launch, reference.Registry, cancellationToken);
        Log.Pulling(_logger, normalized, launch.Key, credentials is not null);
        try
        {
            await _engine.PullImageAsync(normalized, credentials, cancellationToken);
        }
        catch (DockerPullException ex)
        {
            Log.PullFailed(_logger, normalized, launch.Key, ex.Message);
            throw new ContainerCreateException(ErrImagePull, $"Failed to pull image \"{image}\": {ex.Message}", ex);
        }

        return normalized;
    }

    /// <summary>The first of the pod's pull Secrets that has credentials for <paramref name="registry"/>.</summary>
    private async Task<AuthConfig?> CredentialsAsync(ContainerLaunch launch, string registry, CancellationToken cancellationToken)
    {
        foreach (var name in launch.ImagePullSecrets)
        {
            Secret secret;
            try
            {
                secret = await _secrets.GetAsync(launch.Namespace, name, cancellationToken);
            }
            catch (NodeApiException ex) when (ex.StatusCode is (int)HttpStatusCode.NotFound or (int)HttpStatusCode.Forbidden)
            {
                throw new ContainerCreateException(
                    ErrImagePull,
                    $"image pull secret \"{launch.Namespace}/{name}\" is not available to this node (HTTP {ex.StatusCode}): it does not exist, or no pod on this node references it",
                    ex);
            }
            catch (NodeApiException ex)
            {
                throw new ContainerCreateException(ErrImagePull, $"image pull secret \"{launch.Namespace}/{name}\" could not be read: {ex.Message}", ex);
            }
            catch (HttpRequestException ex)
            {
                throw new ContainerCreateException(ErrImagePull, $"image pull secret \"{launch.Namespace}/{name}\" could not be read: {ex.Message}", ex);
            }

            if (secret.Type != DockerConfigJson.SecretType || secret.Data?.TryGetValue(DockerConfigJson.Key, out var encoded) != true || encoded is null)
            {
                continue;
            }

            try
            {
                var json = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
                if (DockerConfigJson.Find(json, registry) is { } credentials)
                {
                    return credentials;
                }
            }
            catch (FormatException ex)
            {
                // The message says where the document is wrong, never what it holds.
                throw new ContainerCreateException(ErrImagePull, $"image pull secret \"{launch.Namespace}/{name}\" has an unreadable {DockerConfigJson.Key}: {ex.Message}", ex);
            }
        }

        return null;
    }

    private async Task<RuntimeContainer?> DescribeAsync(ContainerListResponse item, CancellationToken cancellationToken)
    {
        ContainerInspectResponse? inspected;
        lock (_gate)
        {
            _inspected.TryGetValue(item.ID, out inspected);
        }

        // Running containers change only by exiting, and exited ones never change: inspect once per state.
        if (inspected is null || inspected.State.Running != IsRunning(item))
        {
            inspected = await _engine.InspectContainerAsync(item.ID, cancellationToken);
            if (inspected is null)
            {
                return null;
            }

            lock (_gate)
            {
                _inspected[item.ID] = inspected;
            }
        }

        return ToRuntimeContainer(inspected);
    }

    private RuntimeContainer ToRuntimeContainer(ContainerInspectResponse inspected)
    {
        var labels = inspected.Config.Labels ?? new Dictionary<string, string>();
        var key = DockerLabels.KeyOf(labels) ?? new ContainerKey("", "");
        var containerId = "docker://" + inspected.ID;
        var state = inspected.State;
        var startedAt = ParseTime(state.StartedAt) ?? inspected.Created;
        ContainerTermination? exit = null;
        if (!state.Running && !state.Paused && !state.Restarting)
        {
            var finishedAt = ParseTime(state.FinishedAt) ?? _time.GetUtcNow();
            exit = state.Status == "created"
                ? ContainerTermination.Unknown(startedAt, finishedAt, containerId)
                : new ContainerTermination(
                    (int)state.ExitCode,
                    state.OOMKilled ? "OOMKilled" : state.ExitCode == 0 ? ContainerTermination.Completed : ContainerTermination.Error,
                    string.IsNullOrEmpty(state.Error) ? null : state.Error,
                    startedAt,
                    finishedAt,
                    containerId);
        }

        return new RuntimeContainer(
            key,
            DockerLabels.Get(labels, DockerLabels.Namespace),
            DockerLabels.Get(labels, DockerLabels.PodName),
            DockerLabels.Get(labels, DockerLabels.SpecHash),
            containerId,
            startedAt,
            exit,
            DockerLabels.GetInt(labels, DockerLabels.RestartCount),
            DockerLabels.GetInt(labels, DockerLabels.BackoffStep),
            DockerLabels.GetLastState(labels),
            TimeSpan.FromSeconds(DockerLabels.GetInt(labels, DockerLabels.GracePeriodSeconds)));
    }

    private static DateTimeOffset? ParseTime(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) && parsed.Year > 1
            ? parsed
            : null;

    private void RaiseExited(ContainerKey key)
    {
        try
        {
            ContainerExited?.Invoke(this, key);
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(_logger, ex, key);
        }
    }
}
