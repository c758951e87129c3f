namespace Orchestrator.Core.Scheduling;

/// <summary>
/// One of a pod's topology spread constraints, resolved for a pass: the domain counts it is judged against, whether
/// the pod itself matches its selector, and whether it filters (<c>DoNotSchedule</c>) or scores (<c>ScheduleAnyway</c>).
/// </summary>
internal readonly record struct SpreadConstraint(SpreadTracker Tracker, int MaxSkew, int? MinDomains, int SelfMatch, bool Hard)
{
    /// <summary>Kubernetes' filter: the node has the key, and placing the pod there keeps the skew within <c>maxSkew</c>.</summary>
    public bool Allows(int slot)
    {
        var domain = Tracker.DomainOfSlot[slot];
        return domain >= 0 && Tracker.Counts[domain] + SelfMatch - Tracker.MinMatch(MinDomains) <= MaxSkew;
    }
}
