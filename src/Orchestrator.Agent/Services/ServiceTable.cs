using System.Text.Json;
using Orchestrator.Agent.State;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;

namespace Orchestrator.Agent.Services;

/// <summary>
/// The Services and EndpointSlices as last listed, persisted to <c>&lt;state&gt;/services.json</c> and loaded at start,
/// so a node cut off from the control plane keeps proxying to the endpoints it knew. Readers wait for changes with
/// <see cref="WaitForChangeAsync"/>.
/// </summary>
internal sealed partial class ServiceTable
{
    private readonly string _path;
    private readonly ILogger<ServiceTable> _logger;
    private readonly Lock _gate = new();
    private ServiceSnapshot _current = ServiceSnapshot.Empty;
    private long _version;
    private bool _loaded;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ServiceTable(StatePaths paths, ILogger<ServiceTable> logger)
    {
        _path = Path.Combine(paths.Root, FileName);
        _logger = logger;
    }

    public const string FileName = "services.json";

    /// <summary>The current table and its version (bumped by every change).</summary>
    public (ServiceSnapshot Snapshot, long Version) Read()
    {
        lock (_gate)
        {
            EnsureLoaded();
            return (_current, _version);
        }
    }

    public ServiceSnapshot Current => Read().Snapshot;

    /// <summary>The links of a container starting now in <paramref name="namespace"/>.</summary>
    public ServiceLinks LinksFor(string @namespace, bool environment) =>
        ServiceDiscovery.LinksFor(Current.Services, @namespace, environment);

    /// <summary>Records a successful listing: persists it when it differs, then publishes it.</summary>
    public bool Replace(ServiceSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var bytes = Serialize(snapshot);
        TaskCompletionSource changed;
        lock (_gate)
        {
            EnsureLoaded();
            if (_version > 0 && bytes.AsSpan().SequenceEqual(Serialize(_current)))
            {
                return false;
            }

            // A copy of what the control plane serves, fetched again whenever it answers: no flush to disk needed.
            AtomicFile.Write(_path, bytes, durable: false);
            _current = snapshot;
            _version++;
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
        return true;
    }

    /// <summary>Waits until the version moves past <paramref name="seen"/> or <paramref name="timeout"/> passes.</summary>
    public async Task WaitForChangeAsync(long seen, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        Task changed;
        lock (_gate)
        {
            EnsureLoaded();
            if (_version != seen)
            {
                return;
            }

            changed = _changed.Task;
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(changed, Task.Delay(timeout, time, timeoutSource.Token));
        await timeoutSource.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private void EnsureLoaded()
    {
        if (_loaded)
        {
            return;
        }

        _loaded = true;
        if (!File.Exists(_path))
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(_path));
            var services = document.RootElement.GetProperty("services").Deserialize(KubeJsonContext.Default.KubeListService)?.Items ?? [];
            var slices = document.RootElement.GetProperty("endpointSlices").Deserialize(KubeJsonContext.Default.KubeListEndpointSlice)?.Items ?? [];
            _current = new ServiceSnapshot(services, slices);
            _version = 1;
            Log.Loaded(_logger, services.Count, slices.Count, _path);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or KeyNotFoundException or InvalidOperationException)
        {
            Log.Unusable(_logger, _path, ex.Message);
        }
    }

    private static byte[] Serialize(ServiceSnapshot snapshot)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("services");
            JsonSerializer.Serialize(writer, new KubeList<Service> { ApiVersion = "v1", Kind = "ServiceList", Items = [.. snapshot.Services] }, KubeJsonContext.Default.KubeListService);
            writer.WritePropertyName("endpointSlices");
            JsonSerializer.Serialize(writer, new KubeList<EndpointSlice> { ApiVersion = "discovery.k8s.io/v1", Kind = "EndpointSliceList", Items = [.. snapshot.EndpointSlices] }, KubeJsonContext.Default.KubeListEndpointSlice);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
