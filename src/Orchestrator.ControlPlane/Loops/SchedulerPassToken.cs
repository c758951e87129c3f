using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.ControlPlane.Loops;

/// <summary>
/// Per commit group of pods, a row that every scheduler pass reads before it reads pods and nodes, and updates,
/// version-checked, in each transaction of its bindings to pods of that group. Two passes that planned on the same
/// state therefore cannot both commit to one group: the second fails with a conflict and plans again on fresh state.
/// The row is an internal row in the group it guards (its namespace names the group), so it joins the bindings'
/// transactions. Creating a pod that is already bound moves its group's token too (<see cref="ObjectService"/>), since
/// that pod takes room no pass planned. On a store with one group (SQLite) this orders every pass and every bound
/// creation of the tenant (docs/adr/0004, 0016, 0020).
/// </summary>
internal sealed class SchedulerPassToken : ICommitGuard
{
    public const string Resource = "schedulerpasses" + IObjectStore.InternalResourceSuffix;
    private const string Name = "default-scheduler";

    private readonly Dictionary<string, StoredObject> _current;

    private SchedulerPassToken(Dictionary<string, StoredObject> current) => _current = current;

    public static ObjectKey Key(string tenant, string group) => new(tenant, Resource, group, Name);

    /// <summary>The tokens' versions as last read or committed, one per group; another pass's commit, or a pod created bound, moves one.</summary>
    public string Version => string.Join(',', _current.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Value.ResourceVersion));

    /// <summary>Reads the tenant's tokens of every group pods can be in, creating those missing.</summary>
    public static Task<SchedulerPassToken> ReadAsync(IObjectStore store, string tenant, CancellationToken cancellationToken) =>
        ReadAsync(store, tenant, store.CommitGroups(ResourceRegistry.Pods.QualifiedName), cancellationToken);

    /// <summary>Reads the tenant's tokens of <paramref name="groups"/>, creating those missing (in parallel: each is one point read).</summary>
    public static async Task<SchedulerPassToken> ReadAsync(IObjectStore store, string tenant, IReadOnlyList<string> groups, CancellationToken cancellationToken)
    {
        var tokens = await Task.WhenAll(groups.Select(group => ReadOneAsync(store, Key(tenant, group), cancellationToken)));
        return new SchedulerPassToken(groups.Zip(tokens).ToDictionary(t => t.First, t => t.Second, StringComparer.Ordinal));
    }

    public StoreOperation Next(string group) =>
        _current.TryGetValue(group, out var current)
            ? new StoreOperation.Update(current, [], [])
            : throw new InvalidOperationException($"The scheduler pass token of group '{group}' was not read before the pass.");

    public void Committed(string group, StoredObject? stored)
    {
        if (stored is not null)
        {
            _current[group] = stored;
        }
    }

    private static async Task<StoredObject> ReadOneAsync(IObjectStore store, ObjectKey key, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(key, cancellationToken) is { } existing)
        {
            return existing;
        }

        try
        {
            var created = await store.CommitAsync(key.Tenant, [new StoreOperation.Create(key, [], [])], cancellationToken);
            return created[0]!;
        }
        catch (StoreException e) when (e.Failure == StoreFailure.AlreadyExists)
        {
            // Another pass created it first.
            return await store.GetAsync(key, cancellationToken)
                ?? throw new InvalidOperationException("The scheduler pass token vanished after it was created.", e);
        }
    }
}
