namespace Orchestrator.Core.Objects;

/// <summary>One revision of a Deployment: the ReplicaSet that carries its <c>deployment.kubernetes.io/revision</c>.</summary>
public sealed class DeploymentRevision
{
    public long Revision { get; set; }

    /// <summary>The name of the ReplicaSet of this revision.</summary>
    public string? ReplicaSet { get; set; }

    public DateTimeOffset? CreationTimestamp { get; set; }

    /// <summary>The <c>kubernetes.io/change-cause</c> annotation of the revision, when set.</summary>
    public string? ChangeCause { get; set; }

    /// <summary>The ReplicaSet's desired replicas (<c>spec.replicas</c>).</summary>
    public int Replicas { get; set; }

    /// <summary>The ReplicaSet's ready replicas (<c>status.readyReplicas</c>).</summary>
    public int ReadyReplicas { get; set; }

    /// <summary>The images of the template's containers, in order.</summary>
    public List<string> Images { get; set; } = [];

    /// <summary>The pod template of the revision, without the <c>pod-template-hash</c> label.</summary>
    public PodTemplateSpec? Template { get; set; }
}
