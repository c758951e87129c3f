namespace Orchestrator.Core.Objects;

/// <summary>Kubernetes <c>NodeSelector</c>: a node matches when any of the terms matches.</summary>
public sealed class NodeSelector
{
    public List<NodeSelectorTerm>? NodeSelectorTerms { get; set; }
}
