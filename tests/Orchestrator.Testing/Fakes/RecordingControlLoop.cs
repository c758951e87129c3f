using Orchestrator.ControlPlane.Loops;
using Orchestrator.ControlPlane.Objects;

namespace Orchestrator.Testing.Fakes;

/// <summary>
/// An <see cref="IControlLoop"/> with one key a tenant that records the keys it reconciles. Keys passed to
/// <see cref="FailOn"/> throw instead, as a reconciliation that hits a broken object would.
/// </summary>
public sealed class RecordingControlLoop : IControlLoop
{
    private readonly Lock _gate = new();
    private readonly List<LoopKey> _reconciled = [];
    private readonly Dictionary<LoopKey, Exception> _failures = [];

    public RecordingControlLoop(string name) => Name = name;

    public string Name { get; }

    public TimeSpan ResyncPeriod => TimeSpan.FromSeconds(5);

    /// <summary>Keys reconciled successfully, in order.</summary>
    public IReadOnlyList<LoopKey> Reconciled
    {
        get
        {
            lock (_gate)
            {
                return [.. _reconciled];
            }
        }
    }

    /// <summary>Makes every reconciliation of <paramref name="key"/> throw <paramref name="failure"/>.</summary>
    public void FailOn(LoopKey key, Exception failure)
    {
        lock (_gate)
        {
            _failures[key] = failure;
        }
    }

    public IEnumerable<LoopKey> KeysFor(ObjectChange change) => [];

    public Task<IReadOnlyList<LoopKey>> ResyncKeysAsync(string tenant, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LoopKey>>([new LoopKey(tenant)]);

    public Task ReconcileAsync(LoopKey key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_failures.TryGetValue(key, out var failure))
            {
                return Task.FromException(failure);
            }

            _reconciled.Add(key);
        }

        return Task.CompletedTask;
    }
}
