namespace Orchestrator.Core.Objects;

/// <summary>Desired state of a Deployment.</summary>
public sealed class DeploymentSpec
{
    public int? Replicas { get; set; }

    public LabelSelector? Selector { get; set; }

    public PodTemplateSpec? Template { get; set; }

    public DeploymentStrategy? Strategy { get; set; }

    public int? MinReadySeconds { get; set; }

    public int? RevisionHistoryLimit { get; set; }

    public bool? Paused { get; set; }

    public int? ProgressDeadlineSeconds { get; set; }
}
