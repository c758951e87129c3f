using Orchestrator.ControlPlane.Store;

namespace Orchestrator.ControlPlane.Objects;

/// <summary>
/// A deleted owner leaves a marker row, written in the same transaction as the deletion, which the garbage
/// collector consumes: cascading deletion therefore survives a crash at any point and needs no scan.
/// </summary>
public static class GarbageMarkers
{
    public const string Resource = "gcmarkers.orchestrator.internal";

    public static ObjectKey Key(string tenant, string ownerUid) => new(tenant, Resource, "", ownerUid);

    public static StoreOperation Create(string tenant, string ownerUid) => new StoreOperation.Create(Key(tenant, ownerUid), [], []);
}
