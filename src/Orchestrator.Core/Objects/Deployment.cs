namespace Orchestrator.Core.Objects;

/// <summary>An <c>apps/v1</c> Deployment: declarative updates for pods through ReplicaSets.</summary>
public sealed class Deployment : KubeObject
{
    public DeploymentSpec? Spec { get; set; }

    public DeploymentStatus? Status { get; set; }
}
