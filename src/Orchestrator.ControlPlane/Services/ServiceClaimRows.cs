using System.Text.Json;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Services;

/// <summary>The rows of claims: they name the Service that holds them, so that only its own deletion releases them.</summary>
public static class ServiceClaimRows
{
    public static StoreOperation Create(string tenant, ServiceClaim claim, Service owner)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(owner);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("namespace", owner.Metadata.Namespace ?? "");
            writer.WriteString("name", owner.Metadata.Name ?? "");
            writer.WriteString("uid", owner.Metadata.Uid ?? "");
            writer.WriteEndObject();
        }

        return new StoreOperation.Create(claim.Key(tenant), buffer.ToArray(), []);
    }

    /// <summary>The uid of the Service a claim row names, or null when it names none.</summary>
    public static string? OwnerUid(StoredObject row)
    {
        ArgumentNullException.ThrowIfNull(row);
        try
        {
            using var document = JsonDocument.Parse(row.Json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("uid", out var uid) ? uid.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
