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

    /// <summary>Waits until a key is queued or the timeout passes on <paramref name="time"/>; true when woken by a key.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await _signal.WaitAsync(linked.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

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
