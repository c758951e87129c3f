namespace Orchestrator.ControlPlane.Store;

/// <summary>One change in an atomic <see cref="IObjectStore.CommitAsync"/>.</summary>
public abstract record StoreOperation(ObjectKey Key)
{
    /// <summary>Adds a new object; fails with <see cref="StoreFailure.AlreadyExists"/> if the key is taken.</summary>
    public sealed record Create(ObjectKey Key, byte[] Json, IReadOnlyList<IndexEntry> Indexes) : StoreOperation(Key);

    /// <summary>Replaces <paramref name="Previous"/> only if it is still the current version.</summary>
    public sealed record Update(StoredObject Previous, byte[] Json, IReadOnlyList<IndexEntry> Indexes) : StoreOperation(Previous.Key);

    /// <summary>Removes <paramref name="Previous"/> only if it is still the current version.</summary>
    public sealed record Delete(StoredObject Previous) : StoreOperation(Previous.Key);
}
