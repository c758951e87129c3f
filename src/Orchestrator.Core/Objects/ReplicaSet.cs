namespace Orchestrator.Core.Objects;

/// <summary>An <c>apps/v1</c> ReplicaSet: keeps a number of identical pods running.</summary>
public sealed class ReplicaSet : KubeObject
{
    public ReplicaSetSpec? Spec { get; set; }

    public ReplicaSetStatus? Status { get; set; }
}
