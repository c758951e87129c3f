using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Controllers;

/// <summary>What one pass of the node-lifecycle controller changes on one node.</summary>
/// <param name="Ready">The Ready condition to write, or null to keep the stored one.</param>
/// <param name="Taints">The node's whole new taint list, or null when its taints stay as they are.</param>
/// <param name="IsReady">Whether the node counts as Ready after these changes (its pods are marked not ready otherwise).</param>
/// <param name="TurnedNotReady">The node has just been tainted not-ready or unreachable (the <c>NodeNotReady</c> event).</param>
public sealed record NodeLifecycleActions(NodeCondition? Ready, List<Taint>? Taints, bool IsReady, bool TurnedNotReady)
{
    /// <summary>True when the node itself must be written.</summary>
    public bool ChangesNode => Ready is not null || Taints is not null;
}
