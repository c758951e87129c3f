using System.Text.Json;

namespace Orchestrator.Core.Objects;

/// <summary>
/// The pods (by <c>labelSelector</c>, in <c>namespaces</c> or the pod's own) that a pod relates to within a topology
/// domain (<c>topologyKey</c>). <c>namespaceSelector</c>, <c>matchLabelKeys</c> and <c>mismatchLabelKeys</c> are kept
/// but not implemented.
/// </summary>
public sealed class PodAffinityTerm
{
    public LabelSelector? LabelSelector { get; set; }

    public List<string>? Namespaces { get; set; }

    public string? TopologyKey { get; set; }

    public JsonElement? NamespaceSelector { get; set; }

    public JsonElement? MatchLabelKeys { get; set; }

    public JsonElement? MismatchLabelKeys { get; set; }
}
