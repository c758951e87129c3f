using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Controllers;

/// <summary>
/// The answer of a budget to an eviction: the verdict, for a refusal Kubernetes' message and <c>DisruptionBudget</c>
/// cause, and for <see cref="DisruptionVerdict.AllowedWithBudgetSpent"/> the status to write before the pod is deleted.
/// </summary>
public sealed record DisruptionDecision(DisruptionVerdict Verdict, string Message, string? Cause, PodDisruptionBudgetStatus? Status, int RetryAfterSeconds = 0);
