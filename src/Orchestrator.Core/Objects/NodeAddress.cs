namespace Orchestrator.Core.Objects;

/// <summary>An address of a node (<c>InternalIP</c>, <c>Hostname</c>, ...).</summary>
public sealed class NodeAddress
{
    public string? Type { get; set; }

    public string? Address { get; set; }
}
