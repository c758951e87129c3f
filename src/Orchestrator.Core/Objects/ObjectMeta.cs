using System.Text.Json;

namespace Orchestrator.Core.Objects;

/// <summary>Kubernetes <c>ObjectMeta</c>: identity, versioning, labels and ownership of an object.</summary>
public sealed class ObjectMeta
{
    public string? Name { get; set; }

    public string? GenerateName { get; set; }

    public string? Namespace { get; set; }

    public string? Uid { get; set; }

    public string? ResourceVersion { get; set; }

    public long? Generation { get; set; }

    public DateTimeOffset? CreationTimestamp { get; set; }

    public DateTimeOffset? DeletionTimestamp { get; set; }

    public long? DeletionGracePeriodSeconds { get; set; }

    public Dictionary<string, string>? Labels { get; set; }

    public Dictionary<string, string>? Annotations { get; set; }

    public List<OwnerReference>? OwnerReferences { get; set; }

    public List<string>? Finalizers { get; set; }

    /// <summary>Kept as sent; server-side apply is not implemented.</summary>
    public JsonElement? ManagedFields { get; set; }

    public string? SelfLink { get; set; }
}
