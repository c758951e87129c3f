using Orchestrator.Core.Labels;
using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Controllers;

/// <summary>
/// The eviction subresource's checks against PodDisruptionBudgets, as Kubernetes' <c>EvictionREST</c> makes them:
/// which pods need no budget, which budgets cover a pod, and whether one budget lets the pod go.
/// </summary>
public static class DisruptionEviction
{
    /// <summary>Kubernetes' <c>MaxDisruptedPodSize</c>: granted evictions the controller has not yet confirmed.</summary>
    public const int MaxDisruptedPods = 2000;

    public const string TooManyRequestsMessage = "Cannot evict pod as it would violate the pod's disruption budget.";

    /// <summary>Pending, finished and already terminating pods disrupt nothing more by going: Kubernetes' <c>canIgnorePDB</c>.</summary>
    public static bool CanIgnoreBudget(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.Status?.Phase is "Succeeded" or "Failed" or "Pending" || pod.Metadata.DeletionTimestamp is not null;
    }

    /// <summary>The budgets whose selector matches the pod's labels (policy/v1: a null selector matches nothing, an empty one everything).</summary>
    public static IReadOnlyList<T> Covering<T>(Pod pod, IEnumerable<T> budgets, Func<T, PodDisruptionBudget> budgetOf)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(budgets);
        ArgumentNullException.ThrowIfNull(budgetOf);
        return [.. budgets.Where(b => budgetOf(b).Spec?.Selector is { } labelSelector &&
            Selector.TryFromLabelSelector(labelSelector, out var selector, out _) && selector.Matches(pod.Metadata.Labels))];
    }

    /// <summary>Decides whether <paramref name="budget"/> lets <paramref name="pod"/> be evicted at <paramref name="now"/>.</summary>
    public static DisruptionDecision Decide(PodDisruptionBudget budget, Pod pod, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(pod);
        var name = budget.Metadata.Name ?? "";
        var status = budget.Status ?? new PodDisruptionBudgetStatus();

        // An unhealthy pod counts for nothing: AlwaysAllow lets it go, IfHealthyBudget once the budget is met anyway.
        if (!PodState.IsReady(pod))
        {
            if (budget.Spec?.UnhealthyPodEvictionPolicy == "AlwaysAllow" ||
                (status.CurrentHealthy >= status.DesiredHealthy && status.DesiredHealthy > 0))
            {
                return new DisruptionDecision(DisruptionVerdict.Allowed, "", null, null);
            }
        }

        if ((status.ObservedGeneration ?? 0) < (budget.Metadata.Generation ?? 1))
        {
            return new DisruptionDecision(DisruptionVerdict.TooManyRequests, TooManyRequestsMessage,
                $"The disruption budget {name} is still being processed by the server.", null, RetryAfterSeconds: 10);
        }

        if (status.DisruptionsAllowed < 0)
        {
            return new DisruptionDecision(DisruptionVerdict.Forbidden, "pdb disruptions allowed is negative", null, null);
        }

        if ((status.DisruptedPods?.Count ?? 0) > MaxDisruptedPods)
        {
            return new DisruptionDecision(DisruptionVerdict.Forbidden, "DisruptedPods map too big - too many evictions not confirmed by PDB controller", null, null);
        }

        if (status.DisruptionsAllowed == 0)
        {
            return new DisruptionDecision(DisruptionVerdict.TooManyRequests, TooManyRequestsMessage,
                $"The disruption budget {name} needs {status.DesiredHealthy} healthy pods and has {status.CurrentHealthy} currently", null);
        }

        var spent = new PodDisruptionBudgetStatus
        {
            ObservedGeneration = status.ObservedGeneration,
            DisruptedPods = status.DisruptedPods is null ? new(StringComparer.Ordinal) : new(status.DisruptedPods, StringComparer.Ordinal),
            DisruptionsAllowed = status.DisruptionsAllowed - 1,
            CurrentHealthy = status.CurrentHealthy,
            DesiredHealthy = status.DesiredHealthy,
            ExpectedPods = status.ExpectedPods,
            Conditions = status.Conditions,
        };
        spent.DisruptedPods[pod.Metadata.Name ?? ""] = now;
        if (spent.DisruptionsAllowed == 0)
        {
            DisruptionReconciler.SetDisruptionAllowedCondition(spent, now);
        }

        return new DisruptionDecision(DisruptionVerdict.AllowedWithBudgetSpent, "", null, spent);
    }
}
