namespace Orchestrator.ControlPlane.Store;

/// <summary>
/// An object as the store holds it: its JSON (without <c>resourceVersion</c>), its version and its index entries. The
/// version is the log position of the change that wrote it (see <see cref="IObjectStore.ReadChangesAsync"/>), so one
/// version of an object has one <see cref="ResourceVersion"/> however it was read.
/// </summary>
public sealed record StoredObject(ObjectKey Key, byte[] Json, string ResourceVersion, IReadOnlyList<IndexEntry> Indexes)
{
    /// <summary>
    /// What the store that returned this object needs to make a later write conditional on this version (the Table
    /// store's row and ETag); null for stores that compare versions themselves. Opaque outside the store.
    /// </summary>
    public string? StoreTag { get; init; }
}
