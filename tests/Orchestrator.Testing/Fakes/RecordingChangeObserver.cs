using Orchestrator.ControlPlane.Objects;

namespace Orchestrator.Testing.Fakes;

/// <summary>An <see cref="IObjectChangeObserver"/> that records every batch of committed changes it is told of.</summary>
public sealed class RecordingChangeObserver : IObjectChangeObserver
{
    private readonly Lock _gate = new();
    private readonly List<IReadOnlyList<ObjectChange>> _batches = [];

    /// <summary>The batches, one per commit, in order.</summary>
    public IReadOnlyList<IReadOnlyList<ObjectChange>> Batches
    {
        get
        {
            lock (_gate)
            {
                return [.. _batches];
            }
        }
    }

    /// <summary>Every change of every batch, in order.</summary>
    public IReadOnlyList<ObjectChange> Changes
    {
        get
        {
            lock (_gate)
            {
                return [.. _batches.SelectMany(b => b)];
            }
        }
    }

    public ValueTask OnChangedAsync(IReadOnlyList<ObjectChange> changes, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _batches.Add([.. changes]);
        }

        return ValueTask.CompletedTask;
    }
}
