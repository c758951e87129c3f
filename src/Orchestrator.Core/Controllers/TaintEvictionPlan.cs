using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Controllers;

/// <summary>What the taint-eviction controller does on one node now, and when it next has something to do.</summary>
/// <param name="Evict">The pods to delete now, in the order given.</param>
/// <param name="NextEviction">The earliest later time a pod's toleration runs out, or null when none will.</param>
public sealed record TaintEvictionPlan(IReadOnlyList<Pod> Evict, DateTimeOffset? NextEviction);
