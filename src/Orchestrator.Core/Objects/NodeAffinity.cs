namespace Orchestrator.Core.Objects;

/// <summary>Which nodes a pod must (required) or would rather (preferred, weighted) run on, by node labels and fields.</summary>
public sealed class NodeAffinity
{
    public NodeSelector? RequiredDuringSchedulingIgnoredDuringExecution { get; set; }

    public List<PreferredSchedulingTerm>? PreferredDuringSchedulingIgnoredDuringExecution { get; set; }
}
