using System.Collections.Concurrent;

namespace Orchestrator.ControlPlane.Loops;

/// <summary>A set of dirty keys (each queued once however often it changes) and a signal that it is not empty.</summary>
public sealed class LoopQueue
{
    private readonly ConcurrentDictionary<LoopKey, byte> _dirty = new();
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Add(LoopKey key)
    {
        _dirty[key] = 0;
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled by a concurrent writer.
        }
    }

    /// <summary>Waits until a key is queued or the timeout passes; true when woken by a key.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    /// <summary>Removes and returns every queued key.</summary>
    public List<LoopKey> Drain()
    {
        var keys = new List<LoopKey>(_dirty.Count);
        foreach (var key in _dirty.Keys)
        {
            if (_dirty.TryRemove(key, out _))
            {
                keys.Add(key);
            }
        }

        return keys;
    }
}
