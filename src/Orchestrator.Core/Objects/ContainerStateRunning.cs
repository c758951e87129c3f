namespace Orchestrator.Core.Objects;

/// <summary>A running container.</summary>
public sealed class ContainerStateRunning
{
    public DateTimeOffset? StartedAt { get; set; }
}
