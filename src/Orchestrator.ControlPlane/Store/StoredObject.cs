namespace Orchestrator.ControlPlane.Store;

/// <summary>An object as the store holds it: its JSON (without <c>resourceVersion</c>), its version and its index entries.</summary>
public sealed record StoredObject(ObjectKey Key, byte[] Json, string ResourceVersion, IReadOnlyList<IndexEntry> Indexes);
