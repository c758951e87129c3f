namespace Orchestrator.Core.Objects;

/// <summary>A condition of a node (<c>Ready</c> and the pressure conditions).</summary>
public sealed class NodeCondition
{
    public string? Type { get; set; }

    public string? Status { get; set; }

    public DateTimeOffset? LastHeartbeatTime { get; set; }

    public DateTimeOffset? LastTransitionTime { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }
}
