using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.ControlPlane.Objects;

namespace Orchestrator.ControlPlane.Loops;

/// <summary>
/// Turns committed changes into dirty keys per loop and wakes the loop, so that work starts right after the write
/// instead of at the next tick. Used by the standalone host, whose loops run in the same process as its API.
/// </summary>
public sealed class LoopSignals : IObjectChangeObserver
{
    // Loops are resolved on first use: they depend on the object service, which depends on this observer.
    private readonly Lazy<IReadOnlyList<IControlLoop>> _loops;
    private readonly ConcurrentDictionary<string, LoopQueue> _queues = new(StringComparer.Ordinal);

    public LoopSignals(IServiceProvider services)
    {
        _loops = new(() => [.. services.GetServices<IControlLoop>()]);
    }

    public LoopQueue QueueOf(IControlLoop loop) => _queues.GetOrAdd(loop.Name, _ => new LoopQueue());

    public ValueTask OnChangedAsync(IReadOnlyList<ObjectChange> changes, CancellationToken cancellationToken)
    {
        foreach (var loop in _loops.Value)
        {
            var queue = QueueOf(loop);
            foreach (var change in changes)
            {
                foreach (var key in loop.KeysFor(change))
                {
                    queue.Add(key);
                }
            }
        }

        return ValueTask.CompletedTask;
    }
}
