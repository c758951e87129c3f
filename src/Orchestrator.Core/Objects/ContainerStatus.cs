namespace Orchestrator.Core.Objects;

/// <summary>Observed state of one container of a pod.</summary>
public sealed class ContainerStatus
{
    public string? Name { get; set; }

    public ContainerState? State { get; set; }

    public ContainerState? LastState { get; set; }

    public bool Ready { get; set; }

    public int RestartCount { get; set; }

    public string? Image { get; set; }

    public string? ImageID { get; set; }

    public string? ContainerID { get; set; }

    public bool? Started { get; set; }
}
