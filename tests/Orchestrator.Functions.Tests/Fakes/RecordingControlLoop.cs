using Orchestrator.ControlPlane.Loops;
using Orchestrator.ControlPlane.Objects;

namespace Orchestrator.Functions.Tests.Fakes;

/// <summary>A loop with one key a tenant that records the keys it reconciles.</summary>
internal sealed class RecordingControlLoop : IControlLoop
{
    private readonly Lock _gate = new();
    private readonly List<LoopKey> _reconciled = [];

    public RecordingControlLoop(string name) => Name = name;

    public string Name { get; }

    public TimeSpan ResyncPeriod => TimeSpan.FromSeconds(5);

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

    public IEnumerable<LoopKey> KeysFor(ObjectChange change) => [];

    public Task<IReadOnlyList<LoopKey>> ResyncKeysAsync(string tenant, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LoopKey>>([new LoopKey(tenant)]);

    public Task ReconcileAsync(LoopKey key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _reconciled.Add(key);
        }

        return Task.CompletedTask;
    }
}
