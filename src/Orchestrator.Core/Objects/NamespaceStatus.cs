namespace Orchestrator.Core.Objects;

/// <summary>Observed state of a namespace (<c>Active</c> or <c>Terminating</c>).</summary>
public sealed class NamespaceStatus
{
    public string? Phase { get; set; }
}
