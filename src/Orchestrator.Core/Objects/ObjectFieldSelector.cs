namespace Orchestrator.Core.Objects;

/// <summary>A field of the pod (<c>metadata.name</c>, <c>status.podIP</c>, ...) used as an environment variable's value.</summary>
public sealed class ObjectFieldSelector
{
    public string? ApiVersion { get; set; }

    public string? FieldPath { get; set; }
}
