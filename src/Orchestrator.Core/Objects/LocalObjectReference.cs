namespace Orchestrator.Core.Objects;

/// <summary>A reference by name to an object in the same namespace (an image pull Secret).</summary>
public sealed class LocalObjectReference
{
    public string? Name { get; set; }
}
