namespace Orchestrator.Core.Objects;

/// <summary>A <c>v1</c> Pod: one or more containers that run together on one node.</summary>
public sealed class Pod : KubeObject
{
    public PodSpec? Spec { get; set; }

    public PodStatus? Status { get; set; }
}
