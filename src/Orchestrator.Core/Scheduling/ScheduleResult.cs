namespace Orchestrator.Core.Scheduling;

/// <summary>The outcome of one scheduling pass: bindings in placement order, and the pods that fit nowhere.</summary>
public sealed record ScheduleResult(IReadOnlyList<PodBinding> Bindings, IReadOnlyList<UnschedulablePod> Unschedulable);
