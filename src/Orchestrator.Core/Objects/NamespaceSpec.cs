namespace Orchestrator.Core.Objects;

/// <summary>Desired state of a namespace.</summary>
public sealed class NamespaceSpec
{
    public List<string>? Finalizers { get; set; }
}
