namespace Orchestrator.Core.Objects;

/// <summary>Desired state of a PodDisruptionBudget: at most one of <c>minAvailable</c> and <c>maxUnavailable</c>.</summary>
public sealed class PodDisruptionBudgetSpec
{
    public IntOrString? MinAvailable { get; set; }

    /// <summary>The pods the budget covers; null covers none and an empty selector every pod of the namespace (policy/v1).</summary>
    public LabelSelector? Selector { get; set; }

    public IntOrString? MaxUnavailable { get; set; }

    /// <summary><c>IfHealthyBudget</c> (the default when absent) or <c>AlwaysAllow</c>.</summary>
    public string? UnhealthyPodEvictionPolicy { get; set; }
}
