namespace Orchestrator.Core.Controllers;

/// <summary>What a PodDisruptionBudget says to one eviction.</summary>
public enum DisruptionVerdict
{
    /// <summary>The pod may go and the budget is left as it is (an unhealthy pod the policy lets go).</summary>
    Allowed,

    /// <summary>The pod may go once the budget's new status (one disruption fewer, the pod recorded) is written.</summary>
    AllowedWithBudgetSpent,

    /// <summary>429: the budget allows no disruption now, or has not caught up with its spec yet.</summary>
    TooManyRequests,

    /// <summary>403: the budget is in a state that refuses evictions until the controller repairs it.</summary>
    Forbidden,
}
