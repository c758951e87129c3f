namespace Orchestrator.Core.Objects;

/// <summary>One expression of a label selector: <c>key</c>, <c>operator</c> (In, NotIn, Exists, DoesNotExist) and <c>values</c>.</summary>
public sealed class LabelSelectorRequirement
{
    public string? Key { get; set; }

    public string? Operator { get; set; }

    public List<string>? Values { get; set; }
}
