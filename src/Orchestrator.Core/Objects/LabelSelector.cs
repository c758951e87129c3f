namespace Orchestrator.Core.Objects;

/// <summary>Kubernetes <c>LabelSelector</c>: <c>matchLabels</c> and <c>matchExpressions</c>, ANDed.</summary>
public sealed class LabelSelector
{
    public Dictionary<string, string>? MatchLabels { get; set; }

    public List<LabelSelectorRequirement>? MatchExpressions { get; set; }
}
