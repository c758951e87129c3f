namespace Orchestrator.Core.Objects;

/// <summary>A <c>metav1.Condition</c> of a PodDisruptionBudget (type <c>DisruptionAllowed</c>).</summary>
public sealed class PodDisruptionBudgetCondition
{
    public string? Type { get; set; }

    public string? Status { get; set; }

    public long? ObservedGeneration { get; set; }

    public DateTimeOffset? LastTransitionTime { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }
}
