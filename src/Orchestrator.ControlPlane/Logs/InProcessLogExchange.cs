namespace Orchestrator.ControlPlane.Logs;

/// <summary>
/// The standalone server's log exchange (docs/adr/0018): answers travel in memory. The upload URL is the relative route
/// <c>agent/v1/nodes/{node}/logs/{requestId}</c>, which only the node's own credential may put to, and only while the
/// request waits for its answer; an answer is taken once, and a request is forgotten when its lifetime ends. In-process
/// only: the Functions host runs on many instances and exchanges answers through blobs.
/// </summary>
public sealed class InProcessLogExchange : ILogExchange
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Tenant, string RequestId), Pending> _pending = [];
    private readonly TimeProvider _time;

    public InProcessLogExchange(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    /// <summary>How many requests are waiting or answered (for tests and diagnostics).</summary>
    internal int Count
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    public Task<LogUpload> CreateUploadAsync(string tenant, string nodeName, string requestId, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        var expiresOn = _time.GetUtcNow() + lifetime;
        lock (_gate)
        {
            DropExpired();
            _pending[(tenant, requestId)] = new Pending(nodeName, expiresOn);
        }

        var url = new Uri($"agent/v1/nodes/{Uri.EscapeDataString(nodeName)}/logs/{Uri.EscapeDataString(requestId)}", UriKind.Relative);
        return Task.FromResult(new LogUpload(url, expiresOn));
    }

    /// <summary>True while request <paramref name="requestId"/> of <paramref name="tenant"/>, sent to <paramref name="nodeName"/>, waits for its answer.</summary>
    public bool IsAwaiting(string tenant, string nodeName, string requestId)
    {
        lock (_gate)
        {
            return Awaiting(tenant, nodeName, requestId) is not null;
        }
    }

    /// <summary>
    /// Keeps <paramref name="answer"/> for the API to take; false when no such request waits for an answer from that
    /// node (unknown, sent to another node, expired, or answered already).
    /// </summary>
    public bool TryAnswer(string tenant, string nodeName, string requestId, LogAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        lock (_gate)
        {
            if (Awaiting(tenant, nodeName, requestId) is not { } pending)
            {
                return false;
            }

            pending.Answer = answer;
            return true;
        }
    }

    public Task<LogAnswer?> TryTakeAsync(string tenant, string requestId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_pending.TryGetValue((tenant, requestId), out var pending) && pending.Answer is { } answer)
            {
                _pending.Remove((tenant, requestId));
                return Task.FromResult<LogAnswer?>(answer);
            }
        }

        return Task.FromResult<LogAnswer?>(null);
    }

    public Task DeleteAsync(string tenant, string requestId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _pending.Remove((tenant, requestId));
        }

        return Task.CompletedTask;
    }

    private Pending? Awaiting(string tenant, string nodeName, string requestId) =>
        _pending.TryGetValue((tenant, requestId), out var pending)
            && pending.NodeName == nodeName
            && pending.Answer is null
            && pending.ExpiresOn > _time.GetUtcNow()
            ? pending
            : null;

    private void DropExpired()
    {
        var now = _time.GetUtcNow();
        foreach (var key in _pending.Where(p => p.Value.ExpiresOn <= now).Select(p => p.Key).ToList())
        {
            _pending.Remove(key);
        }
    }

    private sealed class Pending(string nodeName, DateTimeOffset expiresOn)
    {
        public string NodeName { get; } = nodeName;

        public DateTimeOffset ExpiresOn { get; } = expiresOn;

        public LogAnswer? Answer { get; set; }
    }
}
