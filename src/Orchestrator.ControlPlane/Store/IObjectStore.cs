namespace Orchestrator.ControlPlane.Store;

/// <summary>
/// The cluster state (the role of etcd). Every key starts with the tenant; a commit is atomic, writes each object's
/// index rows with it and appends what it changed to the tenant's change log in the same atomic write, so nothing
/// changes without the log knowing and the log shows no change that was not made. An object's
/// <c>resourceVersion</c> is the log position of the change that wrote it (docs/adr/0017).
/// </summary>
public interface IObjectStore
{
    /// <summary>The end of the names of the control plane's own rows, which are not Kubernetes objects.</summary>
    public const string InternalResourceSuffix = ".orchestrator.internal";

    /// <summary>
    /// The commit group of a key: the operations of one commit must all be in one group (the Table store's partition;
    /// SQLite has one group, <c>""</c>). An internal row (a resource whose name ends with
    /// <see cref="InternalResourceSuffix"/>, such as a garbage marker) is in the group its namespace names, so that it
    /// can join the commits of the object it belongs to.
    /// </summary>
    string CommitGroup(ObjectKey key);

    /// <summary>Every group the objects of <paramref name="resource"/> can be in.</summary>
    IReadOnlyList<string> CommitGroups(string resource);

    /// <summary>The cost budget of one atomic commit; see <see cref="CommitCost"/>.</summary>
    int MaxCommitCost { get; }

    /// <summary>
    /// What an operation takes of <see cref="MaxCommitCost"/> (in the Table store, the rows it writes), so that callers
    /// cut large batches into commits that fit.
    /// </summary>
    int CommitCost(StoreOperation operation);

    Task<StoredObject?> GetAsync(ObjectKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Applies all operations or none, and logs them. All keys must share <paramref name="tenant"/>. Returns, in order,
    /// the stored object for each create or update and null for each delete.
    /// </summary>
    /// <exception cref="StoreException">Nothing was written, and nothing was logged.</exception>
    Task<IReadOnlyList<StoredObject?>> CommitAsync(string tenant, IReadOnlyList<StoreOperation> operations, CancellationToken cancellationToken);

    /// <summary>Lists by key range (a resource, optionally one namespace) or by an index entry; never scans other resources.</summary>
    Task<ObjectPage> ListAsync(ObjectListQuery query, CancellationToken cancellationToken);

    /// <summary>The tenant's newest log position: reading changes after it returns only what is committed later.</summary>
    Task<string> GetPositionAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> changes of the tenant committed after <paramref name="after"/> (a position from
    /// <see cref="GetPositionAsync"/>, a <see cref="ChangePage"/> or a <c>resourceVersion</c>), oldest first.
    /// </summary>
    /// <exception cref="StoreException"><see cref="StoreFailure.Expired"/>: changes after that position were compacted
    /// away, or it is not a position of this store.</exception>
    Task<ChangePage> ReadChangesAsync(string tenant, string after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the tenant's changes committed before <paramref name="before"/> (the objects stay); reads from a position
    /// older than the newest removed change then fail with <see cref="StoreFailure.Expired"/>. Returns how many went.
    /// </summary>
    Task<int> CompactAsync(string tenant, DateTimeOffset before, CancellationToken cancellationToken);
}
