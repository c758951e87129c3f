using System.Globalization;
using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Controllers;

/// <summary>
/// Kubernetes' <c>ActivePodsWithRanks</c> order, first to delete first: unscheduled before scheduled; Pending before
/// Unknown before Running; not ready before ready; lower <c>controller.kubernetes.io/pod-deletion-cost</c> first; more
/// of our pods on the same node first; ready more recently first; more restarts first; created more recently first.
/// Name breaks the remaining ties so the choice is deterministic.
/// </summary>
internal sealed class PodDeletionOrder : IComparer<Pod>
{
    internal const string DeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

    private readonly Dictionary<string, int> _podsPerNode;

    public PodDeletionOrder(IEnumerable<Pod> activePods)
    {
        _podsPerNode = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pod in activePods)
        {
            if (pod.Spec?.NodeName is { Length: > 0 } node)
            {
                _podsPerNode[node] = _podsPerNode.GetValueOrDefault(node) + 1;
            }
        }
    }

    public int Compare(Pod? x, Pod? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);

        var xNode = x.Spec?.NodeName ?? "";
        var yNode = y.Spec?.NodeName ?? "";
        if (xNode.Length == 0 != (yNode.Length == 0))
        {
            return xNode.Length == 0 ? -1 : 1;
        }

        var byPhase = PhaseOrdinal(x).CompareTo(PhaseOrdinal(y));
        if (byPhase != 0)
        {
            return byPhase;
        }

        var xReady = PodState.IsReady(x);
        var yReady = PodState.IsReady(y);
        if (xReady != yReady)
        {
            return xReady ? 1 : -1;
        }

        var byCost = DeletionCost(x).CompareTo(DeletionCost(y));
        if (byCost != 0)
        {
            return byCost;
        }

        var byRank = Rank(y).CompareTo(Rank(x));
        if (byRank != 0)
        {
            return byRank;
        }

        if (xReady)
        {
            var byReadyTime = NewerFirst(PodState.ReadyCondition(x)?.LastTransitionTime, PodState.ReadyCondition(y)?.LastTransitionTime);
            if (byReadyTime != 0)
            {
                return byReadyTime;
            }
        }

        var byRestarts = PodState.MaxRestarts(y).CompareTo(PodState.MaxRestarts(x));
        if (byRestarts != 0)
        {
            return byRestarts;
        }

        var byAge = NewerFirst(x.Metadata.CreationTimestamp, y.Metadata.CreationTimestamp);
        return byAge != 0 ? byAge : string.CompareOrdinal(x.Metadata.Name, y.Metadata.Name);
    }

    // Kubernetes: an unset time sorts first, then the later time.
    private static int NewerFirst(DateTimeOffset? x, DateTimeOffset? y) =>
        (x, y) switch
        {
            (null, null) => 0,
            (null, _) => -1,
            (_, null) => 1,
            _ => y.Value.CompareTo(x.Value),
        };

    private static int PhaseOrdinal(Pod pod) => pod.Status?.Phase switch
    {
        "Unknown" => 1,
        "Running" => 2,
        _ => 0,
    };

    private static int DeletionCost(Pod pod) =>
        pod.Metadata.Annotations is { } annotations &&
        annotations.TryGetValue(DeletionCostAnnotation, out var text) &&
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var cost)
            ? cost
            : 0;

    private int Rank(Pod pod) =>
        pod.Spec?.NodeName is { Length: > 0 } node ? _podsPerNode.GetValueOrDefault(node) : 0;
}
