namespace Orchestrator.Core.Objects;

/// <summary>An address of a pod.</summary>
public sealed class PodIP
{
    public string? Ip { get; set; }
}
