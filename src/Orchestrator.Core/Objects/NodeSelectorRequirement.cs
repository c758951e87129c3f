namespace Orchestrator.Core.Objects;

/// <summary>
/// One requirement of a node selector term: <c>key</c>, <c>operator</c> (In, NotIn, Exists, DoesNotExist, Gt, Lt)
/// and <c>values</c>.
/// </summary>
public sealed class NodeSelectorRequirement
{
    public string? Key { get; set; }

    public string? Operator { get; set; }

    public List<string>? Values { get; set; }
}
