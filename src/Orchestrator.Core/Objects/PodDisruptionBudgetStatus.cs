namespace Orchestrator.Core.Objects;

/// <summary>Observed state of a PodDisruptionBudget, written by the disruption controller and by evictions.</summary>
public sealed class PodDisruptionBudgetStatus
{
    public long? ObservedGeneration { get; set; }

    /// <summary>Pods an eviction has been granted for but the controller has not yet seen deleted, with the time of the grant.</summary>
    public Dictionary<string, DateTimeOffset>? DisruptedPods { get; set; }

    public int DisruptionsAllowed { get; set; }

    public int CurrentHealthy { get; set; }

    public int DesiredHealthy { get; set; }

    public int ExpectedPods { get; set; }

    public List<PodDisruptionBudgetCondition>? Conditions { get; set; }
}
