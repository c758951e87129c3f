using System.Text.Json;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Objects;

/// <summary>
/// An owner being deleted leaves a marker row, written in the same transaction as the deletion (or as its
/// <c>deletionTimestamp</c>), which the garbage collector consumes: cascading deletion, foreground and orphan
/// propagation therefore survive a crash at any point and need no scan. The row names the owner so that the
/// collector can find it again while it still exists (finalizers) and tell it from a successor of the same name. The
/// marker is an internal row in the owner's commit group (its namespace names the group), so that it can join the
/// owner's transaction.
/// </summary>
public static class GarbageMarkers
{
    public const string Resource = "gcmarkers" + IObjectStore.InternalResourceSuffix;

    public static ObjectKey Key(string tenant, string group, string ownerUid) => new(tenant, Resource, group, ownerUid);

    /// <summary>A marker that names no owner (as markers written before owners were recorded).</summary>
    public static StoreOperation Create(string tenant, string group, string ownerUid) => new StoreOperation.Create(Key(tenant, group, ownerUid), [], []);

    public static StoreOperation Create(string tenant, string group, string ownerUid, ResourceKind kind, KubeObject owner)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(owner);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("resource", kind.QualifiedName);
            writer.WriteString("namespace", owner.Metadata.Namespace ?? "");
            writer.WriteString("name", owner.Metadata.Name ?? "");
            writer.WriteEndObject();
        }

        return new StoreOperation.Create(Key(tenant, group, ownerUid), buffer.ToArray(), []);
    }

    /// <summary>The owner a marker names, or null for a marker that names none.</summary>
    public static GarbageOwner? Owner(StoredObject marker)
    {
        ArgumentNullException.ThrowIfNull(marker);
        if (marker.Json.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(marker.Json);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object &&
                root.TryGetProperty("resource", out var resource) && resource.GetString() is { } qualified &&
                root.TryGetProperty("name", out var name) && name.GetString() is { } ownerName
                ? new GarbageOwner(qualified, root.TryGetProperty("namespace", out var ns) ? ns.GetString() ?? "" : "", ownerName, marker.Key.Name)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
