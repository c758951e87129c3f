using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Controllers;

/// <summary>
/// The health half of Kubernetes' node-lifecycle controller as a pure function: a node whose lease has not been
/// renewed within the grace period gets <c>Ready=Unknown</c>. Tainting and eviction build on this later.
/// </summary>
public static class NodeLifecycleReconciler
{
    /// <summary>
    /// The Ready condition to write, or null when nothing changes: the lease (or, for a node that never renewed one,
    /// its creation) is at most <paramref name="gracePeriod"/> old, or Ready already says Unknown.
    /// </summary>
    public static NodeCondition? Reconcile(Node node, DateTimeOffset? lastLeaseRenewal, DateTimeOffset now, TimeSpan gracePeriod)
    {
        ArgumentNullException.ThrowIfNull(node);

        // As Kubernetes: a node that has not renewed a lease yet is given the grace period from its creation.
        var lastSeen = lastLeaseRenewal ?? node.Metadata.CreationTimestamp;
        if (lastSeen is { } seen && now <= seen + gracePeriod)
        {
            return null;
        }

        var ready = node.Status?.Conditions?.Find(static c => c?.Type == "Ready");
        if (ready?.Status == "Unknown")
        {
            return null;
        }

        return new NodeCondition
        {
            Type = "Ready",
            Status = "Unknown",
            Reason = ready is null ? "NodeStatusNeverUpdated" : "NodeStatusUnknown",
            Message = ready is null ? "Kubelet never posted node status." : "Kubelet stopped posting node status.",
            LastHeartbeatTime = lastLeaseRenewal ?? ready?.LastHeartbeatTime,
            LastTransitionTime = now,
        };
    }
}
