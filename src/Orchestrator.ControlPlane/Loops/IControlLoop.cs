using Orchestrator.ControlPlane.Objects;

namespace Orchestrator.ControlPlane.Loops;

/// <summary>
/// A reconciliation loop (a controller or the scheduler). It reads the world, calls a pure reconciler and applies
/// the actions with version preconditions, so running it again, or after a crash, is always safe.
/// </summary>
public interface IControlLoop
{
    /// <summary>The loop's name; also the name of its Azure Functions timer.</summary>
    string Name { get; }

    /// <summary>How often every key of every tenant is reconciled even without changes.</summary>
    TimeSpan ResyncPeriod { get; }

    /// <summary>The keys a committed change makes dirty for this loop (none if it does not care).</summary>
    IEnumerable<LoopKey> KeysFor(ObjectChange change);

    /// <summary>Every key of a tenant, for the periodic resync.</summary>
    Task<IReadOnlyList<LoopKey>> ResyncKeysAsync(string tenant, CancellationToken cancellationToken);

    Task ReconcileAsync(LoopKey key, CancellationToken cancellationToken);
}
