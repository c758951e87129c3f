namespace Orchestrator.ControlPlane.Store;

/// <summary>
/// The cluster state (the role of etcd). Every key starts with the tenant; a commit is atomic (one entity-group
/// transaction) and writes each object's index rows with it; versions are ETags.
/// </summary>
public interface IObjectStore
{
    Task<StoredObject?> GetAsync(ObjectKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Applies all operations or none. All keys must share <paramref name="tenant"/>. Returns, in order, the stored
    /// object for each create or update and null for each delete.
    /// </summary>
    /// <exception cref="StoreException">Nothing was written.</exception>
    Task<IReadOnlyList<StoredObject?>> CommitAsync(string tenant, IReadOnlyList<StoreOperation> operations, CancellationToken cancellationToken);

    /// <summary>Lists by key range (a resource, optionally one namespace) or by an index entry; never scans other resources.</summary>
    Task<ObjectPage> ListAsync(ObjectListQuery query, CancellationToken cancellationToken);
}
