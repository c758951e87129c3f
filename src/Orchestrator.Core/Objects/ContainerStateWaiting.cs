namespace Orchestrator.Core.Objects;

/// <summary>A container that is not running yet, with the reason.</summary>
public sealed class ContainerStateWaiting
{
    public string? Reason { get; set; }

    public string? Message { get; set; }
}
