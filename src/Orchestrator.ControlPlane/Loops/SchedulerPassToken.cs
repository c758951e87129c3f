using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.ControlPlane.Loops;

/// <summary>
/// A per-tenant row that every scheduler pass reads before it reads pods and nodes, and updates, version-checked,
/// in each transaction of its bindings. Two passes that planned on the same state therefore cannot both commit: the
/// second fails with a conflict and plans again on fresh state, so no node is overcommitted and no pod bound twice.
/// The row lives in the tenant's partition, so it joins the bindings' entity-group transactions. Creating a pod that
/// is already bound moves the token too (<see cref="ObjectService"/>), since that pod takes room no pass planned.
/// </summary>
internal sealed class SchedulerPassToken : ICommitGuard
{
    public const string Resource = "schedulerpasses.orchestrator.internal";
    private const string Name = "default-scheduler";

    private StoredObject _current;

    private SchedulerPassToken(StoredObject current) => _current = current;

    public static ObjectKey Key(string tenant) => new(tenant, Resource, "", Name);

    /// <summary>The token's version as last read or committed; another pass's commit, or a pod created bound, moves it.</summary>
    public string Version => _current.ResourceVersion;

    /// <summary>Reads the tenant's token, creating it on the tenant's first pass.</summary>
    public static async Task<SchedulerPassToken> ReadAsync(IObjectStore store, string tenant, CancellationToken cancellationToken)
    {
        var key = Key(tenant);
        if (await store.GetAsync(key, cancellationToken) is { } existing)
        {
            return new SchedulerPassToken(existing);
        }

        try
        {
            var created = await store.CommitAsync(tenant, [new StoreOperation.Create(key, [], [])], cancellationToken);
            return new SchedulerPassToken(created[0]!);
        }
        catch (StoreException e) when (e.Failure == StoreFailure.AlreadyExists)
        {
            // Another pass created it first.
            return new SchedulerPassToken(await store.GetAsync(key, cancellationToken)
                ?? throw new InvalidOperationException("The scheduler pass token vanished after it was created.", e));
        }
    }

    public StoreOperation Next() => new StoreOperation.Update(_current, [], []);

    public void Committed(StoredObject? stored)
    {
        if (stored is not null)
        {
            _current = stored;
        }
    }
}
