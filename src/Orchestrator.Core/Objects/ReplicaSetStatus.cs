namespace Orchestrator.Core.Objects;

/// <summary>Observed state of a ReplicaSet.</summary>
public sealed class ReplicaSetStatus
{
    public int Replicas { get; set; }

    public int? FullyLabeledReplicas { get; set; }

    public int? ReadyReplicas { get; set; }

    public int? AvailableReplicas { get; set; }

    public long? ObservedGeneration { get; set; }

    public List<WorkloadCondition>? Conditions { get; set; }
}
