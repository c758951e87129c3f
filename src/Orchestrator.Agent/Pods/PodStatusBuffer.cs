using Microsoft.Extensions.Options;
using Orchestrator.Agent.Configuration;
using Orchestrator.Core.NodeApi;
using Orchestrator.Agent.Hosting;

namespace Orchestrator.Agent.Pods;

/// <summary>
/// Pod statuses waiting to be reported: the latest per pod, at most a bounded number of pods (the oldest is dropped
/// first; the full report after the next successful fetch restores it). It survives any outage in memory.
/// </summary>
internal sealed class PodStatusBuffer
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, BufferedStatus> _pending = new(StringComparer.Ordinal);
    private readonly WakeSignal _available = new();
    private readonly int _capacity;
    private long _sequence;

    public PodStatusBuffer(IOptions<AgentOptions> options)
        : this(Math.Max(64, options.Value.MaxPods * 2))
    {
    }

    public PodStatusBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>How many statuses were dropped to stay within the bound.</summary>
    public long Dropped { get; private set; }

    /// <summary>Buffers a pod's latest status; <paramref name="final"/> when the pod is terminating and all its containers have stopped.</summary>
    public void Enqueue(PodStatusReportItem item, bool final = false)
    {
        lock (_gate)
        {
            _pending[item.Uid] = new BufferedStatus(item, ++_sequence, final);
            while (_pending.Count > _capacity)
            {
                var oldest = _pending.MinBy(pair => pair.Value.Sequence).Key;
                _pending.Remove(oldest);
                Dropped++;
            }
        }

        _available.Set();
    }

    /// <summary>The oldest statuses, at most <paramref name="max"/>; they stay buffered until acknowledged.</summary>
    public IReadOnlyList<BufferedStatus> Peek(int max)
    {
        lock (_gate)
        {
            return _pending.Values.OrderBy(entry => entry.Sequence).Take(max).ToList();
        }
    }

    /// <summary>Removes sent statuses, unless a newer status of the same pod arrived meanwhile.</summary>
    public void Acknowledge(IEnumerable<BufferedStatus> sent)
    {
        lock (_gate)
        {
            foreach (var entry in sent)
            {
                if (_pending.TryGetValue(entry.Item.Uid, out var current) && current.Sequence == entry.Sequence)
                {
                    _pending.Remove(entry.Item.Uid);
                }
            }
        }
    }

    /// <summary>Waits until a status is enqueued or <paramref name="timeout"/> passes.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken) =>
        _available.WaitAsync(timeout, time, cancellationToken);
}
