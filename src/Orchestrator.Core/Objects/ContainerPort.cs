using System.Text.Json.Serialization;

namespace Orchestrator.Core.Objects;

/// <summary>A port a container listens on.</summary>
public sealed class ContainerPort
{
    public string? Name { get; set; }

    [JsonPropertyName("containerPort")]
    public int ContainerPortNumber { get; set; }

    public int? HostPort { get; set; }

    public string? HostIP { get; set; }

    public string? Protocol { get; set; }
}
