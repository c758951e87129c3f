using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Testing.Stores;

/// <summary>
/// An <see cref="IObjectStore"/> that passes every call to another; tests derive from it and override the calls they
/// want to observe, delay or make fail.
/// </summary>
public abstract class DelegatingObjectStore(IObjectStore inner) : IObjectStore
{
    protected IObjectStore Inner { get; } = inner;

    public virtual string CommitGroup(ObjectKey key) => Inner.CommitGroup(key);

    public virtual IReadOnlyList<string> CommitGroups(string resource) => Inner.CommitGroups(resource);

    public virtual int MaxCommitCost => Inner.MaxCommitCost;

    public virtual int CommitCost(StoreOperation operation) => Inner.CommitCost(operation);

    public virtual Task<StoredObject?> GetAsync(ObjectKey key, CancellationToken cancellationToken) => Inner.GetAsync(key, cancellationToken);

    public virtual Task<IReadOnlyList<StoredObject?>> CommitAsync(string tenant, IReadOnlyList<StoreOperation> operations, CancellationToken cancellationToken) =>
        Inner.CommitAsync(tenant, operations, cancellationToken);

    public virtual Task<ObjectPage> ListAsync(ObjectListQuery query, CancellationToken cancellationToken) => Inner.ListAsync(query, cancellationToken);

    public virtual Task<string> GetPositionAsync(string tenant, CancellationToken cancellationToken) => Inner.GetPositionAsync(tenant, cancellationToken);

    public virtual Task<ChangePage> ReadChangesAsync(string tenant, string after, int limit, CancellationToken cancellationToken) =>
        Inner.ReadChangesAsync(tenant, after, limit, cancellationToken);

    public virtual Task<int> CompactAsync(string tenant, DateTimeOffset before, CancellationToken cancellationToken) =>
        Inner.CompactAsync(tenant, before, cancellationToken);
}
