namespace Orchestrator.Core.Objects;

/// <summary>A preferred pod affinity term and its weight (1–100).</summary>
public sealed class WeightedPodAffinityTerm
{
    public int Weight { get; set; }

    public PodAffinityTerm? PodAffinityTerm { get; set; }
}
