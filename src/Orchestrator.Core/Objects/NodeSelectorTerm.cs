namespace Orchestrator.Core.Objects;

/// <summary>
/// One term of a node selector: requirements on node labels (<c>matchExpressions</c>) and node fields
/// (<c>matchFields</c>, only <c>metadata.name</c>), all ANDed. A term with neither matches no node.
/// </summary>
public sealed class NodeSelectorTerm
{
    public List<NodeSelectorRequirement>? MatchExpressions { get; set; }

    public List<NodeSelectorRequirement>? MatchFields { get; set; }
}
