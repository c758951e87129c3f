using System.Text.Json;
using Orchestrator.Agent.State;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;

namespace Orchestrator.Agent.Pods;

/// <summary>
/// The node's desired pods as last fetched, persisted to <c>&lt;state&gt;/desired.json</c> so that the agent converges
/// to them at start even when the control plane cannot be reached.
/// </summary>
internal sealed partial class DesiredPodStore
{
    private readonly string _path;
    private readonly ILogger<DesiredPodStore> _logger;
    private readonly Lock _gate = new();
    private IReadOnlyList<Pod>? _pods;
    private byte[] _persisted = [];
    private long _fetchGeneration;
    private bool _loaded;

    public DesiredPodStore(StatePaths paths, ILogger<DesiredPodStore> logger)
    {
        _path = paths.DesiredFile;
        _logger = logger;
    }

    /// <summary>
    /// The desired pods (null while unknown: never fetched and nothing persisted) and how many fetches succeeded in
    /// this run, so the pod worker can send a full status report after each.
    /// </summary>
    public (IReadOnlyList<Pod>? Pods, long FetchGeneration) Read()
    {
        lock (_gate)
        {
            EnsureLoaded();
            return (_pods, _fetchGeneration);
        }
    }

    /// <summary>Records a successful fetch: persists it, then publishes it.</summary>
    public void Replace(IReadOnlyList<Pod> pods)
    {
        lock (_gate)
        {
            Persist(pods);
            _pods = pods;
            _fetchGeneration++;
            _loaded = true;
        }
    }

    /// <summary>Drops a pod the control plane says is gone or replaced, until the next fetch says otherwise.</summary>
    public bool Forget(string uid)
    {
        lock (_gate)
        {
            EnsureLoaded();
            if (_pods is null || !_pods.Any(pod => pod.Metadata.Uid == uid))
            {
                return false;
            }

            var remaining = _pods.Where(pod => pod.Metadata.Uid != uid).ToList();
            Persist(remaining);
            _pods = remaining;
            return true;
        }
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
            var list = JsonSerializer.Deserialize(File.ReadAllBytes(_path), KubeJsonContext.Default.KubeListPod);
            _pods = list?.Items ?? [];
            Log.Loaded(_logger, _pods.Count, _path);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            // Without a usable copy the agent waits for the control plane rather than stopping what runs.
            Log.Unusable(_logger, _path, ex.Message);
        }
    }

    /// <summary>
    /// Writes the pods when they differ from what was written last. Not flushed to disk: the copy only has to outlive the
    /// agent's process (a restart, an upgrade); after a power loss the agent may start from an older copy, as it would
    /// after any outage, until the control plane answers. A flush on every fetch held a burst of pod starts on the disk.
    /// </summary>
    private void Persist(IReadOnlyList<Pod> pods)
    {
        var list = new KubeList<Pod> { ApiVersion = "v1", Kind = "PodList", Items = [.. pods] };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(list, KubeJsonContext.Default.KubeListPod);
        if (!bytes.AsSpan().SequenceEqual(_persisted))
        {
            AtomicFile.Write(_path, bytes, durable: false);
            _persisted = bytes;
        }
    }
}
