namespace Orchestrator.Core.Scheduling;

/// <summary>
/// The nodes a kind of pod may run on whatever else is placed (indices into the pass's slots, ascending), and per node
/// the static part of its score (preferred node affinity and <c>PreferNoSchedule</c> taints), or null when that is
/// the same for all.
/// </summary>
internal sealed record FeasibleNodes(int[] Indices, double[]? Bonus);
