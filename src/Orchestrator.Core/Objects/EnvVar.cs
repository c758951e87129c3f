using System.Text.Json;

namespace Orchestrator.Core.Objects;

/// <summary>An environment variable of a container; <c>valueFrom</c> is kept but not resolved yet.</summary>
public sealed class EnvVar
{
    public string? Name { get; set; }

    public string? Value { get; set; }

    public JsonElement? ValueFrom { get; set; }
}
