namespace Orchestrator.Core.Objects;

/// <summary>
/// As Kubernetes reports them: <see cref="Ready"/> is serving and not terminating; <see cref="Serving"/> is the
/// pod's readiness regardless of termination; <see cref="Terminating"/> is the pod being deleted.
/// </summary>
public sealed class EndpointConditions
{
    public bool? Ready { get; set; }

    public bool? Serving { get; set; }

    public bool? Terminating { get; set; }
}
