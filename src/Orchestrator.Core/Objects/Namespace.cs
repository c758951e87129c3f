namespace Orchestrator.Core.Objects;

/// <summary>A <c>v1</c> Namespace: a scope for names inside a tenant.</summary>
public sealed class Namespace : KubeObject
{
    public NamespaceSpec? Spec { get; set; }

    public NamespaceStatus? Status { get; set; }
}
