namespace Orchestrator.Core.Objects;

/// <summary>A <c>policy/v1</c> PodDisruptionBudget: how many of a set of pods voluntary evictions may take down at once.</summary>
public sealed class PodDisruptionBudget : KubeObject
{
    public PodDisruptionBudgetSpec? Spec { get; set; }

    public PodDisruptionBudgetStatus? Status { get; set; }
}
