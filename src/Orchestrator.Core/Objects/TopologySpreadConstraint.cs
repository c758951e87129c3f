namespace Orchestrator.Core.Objects;

/// <summary>
/// Kubernetes <c>TopologySpreadConstraint</c>: how unevenly (<c>maxSkew</c>) the pods that <c>labelSelector</c>
/// matches may spread over the domains of <c>topologyKey</c> (node label values), and whether a violation refuses a
/// node (<c>DoNotSchedule</c>) or only lowers its score (<c>ScheduleAnyway</c>).
/// </summary>
public sealed class TopologySpreadConstraint
{
    public int MaxSkew { get; set; }

    public string? TopologyKey { get; set; }

    public string? WhenUnsatisfiable { get; set; }

    public LabelSelector? LabelSelector { get; set; }

    public int? MinDomains { get; set; }

    /// <summary><c>Honor</c> (the default when absent) or <c>Ignore</c> the pod's node affinity and selector when counting domains.</summary>
    public string? NodeAffinityPolicy { get; set; }

    /// <summary><c>Honor</c> or <c>Ignore</c> (the default when absent) node taints the pod does not tolerate when counting domains.</summary>
    public string? NodeTaintsPolicy { get; set; }

    public List<string>? MatchLabelKeys { get; set; }
}
