namespace Orchestrator.Core.Objects;

/// <summary>Observed state of a Deployment.</summary>
public sealed class DeploymentStatus
{
    public long? ObservedGeneration { get; set; }

    public int? Replicas { get; set; }

    public int? UpdatedReplicas { get; set; }

    public int? ReadyReplicas { get; set; }

    public int? AvailableReplicas { get; set; }

    public int? UnavailableReplicas { get; set; }

    public List<WorkloadCondition>? Conditions { get; set; }

    public int? CollisionCount { get; set; }
}
