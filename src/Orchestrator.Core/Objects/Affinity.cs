using System.Text.Json;

namespace Orchestrator.Core.Objects;

/// <summary>
/// Kubernetes <c>Affinity</c>: node affinity and pod anti-affinity are acted on; <c>podAffinity</c> is kept but not
/// implemented (answered with a <c>Warning</c> header).
/// </summary>
public sealed class Affinity
{
    public NodeAffinity? NodeAffinity { get; set; }

    public JsonElement? PodAffinity { get; set; }

    public PodAntiAffinity? PodAntiAffinity { get; set; }
}
