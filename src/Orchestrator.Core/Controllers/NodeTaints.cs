using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Controllers;

/// <summary>The taints the node-lifecycle controller manages, with Kubernetes' keys and effects.</summary>
public static class NodeTaints
{
    /// <summary>Ready is False (Kubernetes' <c>TaintNodeNotReady</c>).</summary>
    public const string NotReady = "node.kubernetes.io/not-ready";

    /// <summary>Ready is Unknown: the node stopped renewing its lease (Kubernetes' <c>TaintNodeUnreachable</c>).</summary>
    public const string Unreachable = "node.kubernetes.io/unreachable";

    public const string NoSchedule = "NoSchedule";

    public const string NoExecute = "NoExecute";

    /// <summary>True for the four taints this controller adds and removes (any other taint is the user's).</summary>
    public static bool IsManaged(Taint taint) =>
        taint is { Key: NotReady or Unreachable, Effect: NoSchedule or NoExecute };
}
