namespace Orchestrator.Core.Objects;

/// <summary>Which pods a pod must not (required) or would rather not (preferred) share a topology domain with.</summary>
public sealed class PodAntiAffinity
{
    public List<PodAffinityTerm>? RequiredDuringSchedulingIgnoredDuringExecution { get; set; }

    public List<WeightedPodAffinityTerm>? PreferredDuringSchedulingIgnoredDuringExecution { get; set; }
}
