namespace Orchestrator.Core.Objects;

/// <summary>A condition of a pod (<c>PodScheduled</c>, <c>Initialized</c>, <c>ContainersReady</c>, <c>Ready</c>).</summary>
public sealed class PodCondition
{
    public string? Type { get; set; }

    public string? Status { get; set; }

    public DateTimeOffset? LastProbeTime { get; set; }

    public DateTimeOffset? LastTransitionTime { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }
}
