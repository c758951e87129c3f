using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Controllers;

/// <summary>
/// What the disruption controller wants done for one PodDisruptionBudget: the status to write (null when unchanged),
/// the events to report, and when to look again without any change (the earliest time a granted eviction expires).
/// </summary>
public sealed record DisruptionActions(PodDisruptionBudgetStatus? Status, IReadOnlyList<DisruptionEvent> Events, TimeSpan? RequeueAfter);
