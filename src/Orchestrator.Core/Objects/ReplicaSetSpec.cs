namespace Orchestrator.Core.Objects;

/// <summary>Desired state of a ReplicaSet.</summary>
public sealed class ReplicaSetSpec
{
    public int? Replicas { get; set; }

    public int? MinReadySeconds { get; set; }

    public LabelSelector? Selector { get; set; }

    public PodTemplateSpec? Template { get; set; }
}
