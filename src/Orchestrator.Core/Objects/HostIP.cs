namespace Orchestrator.Core.Objects;

/// <summary>An address of the node a pod runs on.</summary>
public sealed class HostIP
{
    public string? Ip { get; set; }
}
