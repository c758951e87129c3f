using System.Net;

namespace Orchestrator.Agent.Services;

/// <summary>
/// The balancing decisions of one Service port, without sockets: which ready endpoints a new connection tries, in
/// which order. Round robin by default; under <c>sessionAffinity: ClientIP</c> a client goes back to the endpoint it
/// last reached for as long as it keeps coming within the timeout. Each endpoint is tried at most once per
/// connection, so a refused endpoint is followed by the next ready one.
/// </summary>
internal sealed class ServiceBalancer
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, Affinity> _affinity = [];
    private IReadOnlyList<IPEndPoint> _endpoints = [];
    private TimeSpan? _affinityTimeout;
    private int _next;

    public ServiceBalancer(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>The endpoints new connections may go to.</summary>
    public IReadOnlyList<IPEndPoint> Endpoints
    {
        get
        {
            lock (_gate)
            {
                return _endpoints;
            }
        }
    }

    /// <summary>
    /// Replaces the ready endpoints (order kept as given) and the affinity timeout (null: no affinity). Clients bound
    /// to an endpoint that left lose their affinity; connections already open are not touched here.
    /// </summary>
    public void Update(IReadOnlyList<IPEndPoint> endpoints, TimeSpan? affinityTimeout)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        lock (_gate)
        {
            if (!_endpoints.SequenceEqual(endpoints))
            {
                // Keep the rotation where it was when the set only grew or shrank around it.
                var current = _endpoints.Count > 0 ? _endpoints[_next % _endpoints.Count] : null;
                _endpoints = [.. endpoints.Distinct()];
                var index = current is null ? -1 : IndexOf(_endpoints, current);
                _next = index >= 0 ? index : 0;
            }

            _affinityTimeout = affinityTimeout;
            if (affinityTimeout is null)
            {
                _affinity.Clear();
                return;
            }

            foreach (var client in _affinity.Where(pair => IndexOf(_endpoints, pair.Value.Endpoint) < 0).Select(pair => pair.Key).ToList())
            {
                _affinity.Remove(client);
            }
        }
    }

    /// <summary>
    /// The endpoints a new connection from <paramref name="client"/> tries, in order: its affine endpoint first when
    /// it has a live one, else the next in the rotation; then the rest of the rotation, each once.
    /// </summary>
    public IReadOnlyList<IPEndPoint> Candidates(IPAddress? client)
    {
        lock (_gate)
        {
            var count = _endpoints.Count;
            if (count == 0)
            {
                return [];
            }

            var now = _time.GetUtcNow();
            int first;
            if (client is not null && _affinityTimeout is { } timeout &&
                _affinity.TryGetValue(client, out var affinity) &&
                now - affinity.LastUsed < timeout &&
                IndexOf(_endpoints, affinity.Endpoint) is >= 0 and var affine)
            {
                first = affine;
            }
            else
            {
                first = _next % count;
                _next = (first + 1) % count;
            }

            var order = new List<IPEndPoint>(count);
            for (var i = 0; i < count; i++)
            {
                order.Add(_endpoints[(first + i) % count]);
            }

            return order;
        }
    }

    /// <summary>Records that <paramref name="client"/> reached <paramref name="endpoint"/> (its affinity, when asked for).</summary>
    public void Connected(IPAddress? client, IPEndPoint endpoint)
    {
        lock (_gate)
        {
            if (client is null || _affinityTimeout is null)
            {
                return;
            }

            _affinity[client] = new Affinity(endpoint, _time.GetUtcNow());
        }
    }

    private static int IndexOf(IReadOnlyList<IPEndPoint> endpoints, IPEndPoint endpoint)
    {
        for (var i = 0; i < endpoints.Count; i++)
        {
            if (endpoints[i].Equals(endpoint))
            {
                return i;
            }
        }

        return -1;
    }

    private readonly record struct Affinity(IPEndPoint Endpoint, DateTimeOffset LastUsed);
}
