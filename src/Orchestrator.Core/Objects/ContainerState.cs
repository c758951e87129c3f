namespace Orchestrator.Core.Objects;

/// <summary>Exactly one of waiting, running or terminated.</summary>
public sealed class ContainerState
{
    public ContainerStateWaiting? Waiting { get; set; }

    public ContainerStateRunning? Running { get; set; }

    public ContainerStateTerminated? Terminated { get; set; }
}
