using System.Text.Json.Serialization;

namespace Orchestrator.Core.Objects;

/// <summary>The fields every Kubernetes-shaped object carries: <c>apiVersion</c>, <c>kind</c> and <c>metadata</c>.</summary>
public abstract class KubeObject
{
    [JsonPropertyOrder(-3)]
    public string? ApiVersion { get; set; }

    [JsonPropertyOrder(-2)]
    public string? Kind { get; set; }

    [JsonPropertyOrder(-1)]
    public ObjectMeta Metadata { get; set; } = new();
}
