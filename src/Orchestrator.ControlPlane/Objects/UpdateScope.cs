namespace Orchestrator.ControlPlane.Objects;

/// <summary>Which part of an object an update writes; the rest is kept from the stored version.</summary>
public enum UpdateScope
{
    /// <summary>Everything but the status (the main resource), under the update rules users are held to.</summary>
    Spec,

    /// <summary>Only the status (the <c>/status</c> subresource).</summary>
    Status,

    /// <summary>
    /// Spec and status together, for the control plane's own writes such as binding a pod to a node, which
    /// Kubernetes does through its <c>binding</c> subresource rather than a user update.
    /// </summary>
    Whole,
}
