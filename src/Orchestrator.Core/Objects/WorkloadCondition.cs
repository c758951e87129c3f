namespace Orchestrator.Core.Objects;

/// <summary>A condition of a Deployment or ReplicaSet (<c>Available</c>, <c>Progressing</c>, <c>ReplicaFailure</c>).</summary>
public sealed class WorkloadCondition
{
    public string? Type { get; set; }

    public string? Status { get; set; }

    public DateTimeOffset? LastUpdateTime { get; set; }

    public DateTimeOffset? LastTransitionTime { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }
}
