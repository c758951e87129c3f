namespace Orchestrator.Core.Objects;

/// <summary>A preferred node selector term and its weight (1–100) in the node affinity score.</summary>
public sealed class PreferredSchedulingTerm
{
    public int Weight { get; set; }

    public NodeSelectorTerm? Preference { get; set; }
}
