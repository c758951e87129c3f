namespace Orchestrator.Core.Objects;

/// <summary>
/// A <c>v1</c> Service: a stable address and ports in front of the ready pods its selector matches, balanced by the
/// agent's proxy on every node (issue 5, ADR 0012).
/// </summary>
public sealed class Service : KubeObject
{
    public ServiceSpec? Spec { get; set; }

    public ServiceStatus? Status { get; set; }
}
