using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Scheduling;

/// <summary>
/// The per-pod node search of one pass, as kube-scheduler runs it: filters nodes from where the previous pod stopped
/// until enough feasible ones are found (see <see cref="PodScheduler.NumFeasibleNodesToFind"/>), then scores those and
/// takes the best, ties going to the node first by name.
/// </summary>
internal sealed class NodeSearch
{
    private readonly int _toFind;
    private readonly List<ScoredCandidate> _candidates = [];
    private int _nextStart;

    public NodeSearch(int toFind) => _toFind = toFind;

    /// <summary>The slot to bind the pod to, or -1 when no node passes every filter.</summary>
    public int FindBest(
        NodeSlot[] slots, FeasibleNodes feasible, in ResourceRequest request, in ResourceRequest nonZero, Pod pod, int[]? hostPorts,
        AntiAffinityTerm[]? terms, SpreadConstraint[] constraints)
    {
        var indices = feasible.Indices;
        if (indices.Length == 0)
        {
            return -1;
        }

        var hard = false;
        var soft = false;
        foreach (var constraint in constraints)
        {
            hard |= constraint.Hard;
            soft |= !constraint.Hard;
        }

        var first = Array.BinarySearch(indices, _nextStart);
        if (first < 0)
        {
            first = ~first;
        }

        if (first == indices.Length)
        {
            first = 0;
        }

        _candidates.Clear();
        var best = -1;
        var bestScore = double.NegativeInfinity;
        var found = 0;
        var last = indices[first];
        for (var n = 0; n < indices.Length && found < _toFind; n++)
        {
            var k = first + n < indices.Length ? first + n : first + n - indices.Length;
            var index = indices[k];
            last = index;
            ref readonly var slot = ref slots[index];
            if (!slot.FitsResources(request) ||
                (hostPorts is not null && slot.HasHostPortConflict(hostPorts)) ||
                (hard && !AllowedBySpread(constraints, index)) ||
                (terms is not null && slot.HasAntiAffinityConflict(pod, terms)))
            {
                continue;
            }

            found++;
            var score = slot.Score(nonZero) + slot.Balance(request) + (feasible.Bonus is { } bonus ? bonus[k] : 0d);
            if (soft)
            {
                _candidates.Add(new ScoredCandidate(index, score, 0, false));
            }
            else if (score > bestScore || (score == bestScore && index < best))
            {
                best = index;
                bestScore = score;
            }
        }

        _nextStart = last + 1 < slots.Length ? last + 1 : 0;
        return soft ? BestWithSpread(constraints) : best;
    }

    private static bool AllowedBySpread(SpreadConstraint[] constraints, int slot)
    {
        foreach (var constraint in constraints)
        {
            if (constraint.Hard && !constraint.Allows(slot))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Adds Kubernetes' <c>PodTopologySpread</c> score (weight 2) for the <c>ScheduleAnyway</c> constraints: per node
    /// the matching pods in its domain times log(domains + 2) plus <c>maxSkew</c> - 1, summed over the constraints and
    /// rounded, then normalized so the least crowded node scores 1; nodes missing a topology key score 0.
    /// </summary>
    private int BestWithSpread(SpreadConstraint[] constraints)
    {
        if (_candidates.Count == 0)
        {
            return -1;
        }

        var candidates = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_candidates);
        for (var i = 0; i < candidates.Length; i++)
        {
            foreach (var constraint in constraints)
            {
                if (!constraint.Hard && constraint.Tracker.DomainOfSlot[candidates[i].Slot] < 0)
                {
                    candidates[i].Ignored = true;
                    break;
                }
            }
        }

        Span<double> weights = stackalloc double[constraints.Length];
        for (var c = 0; c < constraints.Length; c++)
        {
            if (constraints[c].Hard)
            {
                continue;
            }

            var tracker = constraints[c].Tracker;
            tracker.NewVisit();
            var domains = 0;
            foreach (ref readonly var candidate in candidates)
            {
                if (!candidate.Ignored && tracker.Visit(tracker.DomainOfSlot[candidate.Slot]))
                {
                    domains++;
                }
            }

            weights[c] = Math.Log(domains + 2);
        }

        long min = long.MaxValue, max = 0;
        foreach (ref var candidate in candidates)
        {
            if (candidate.Ignored)
            {
                continue;
            }

            var raw = 0d;
            for (var c = 0; c < constraints.Length; c++)
            {
                if (!constraints[c].Hard)
                {
                    var tracker = constraints[c].Tracker;
                    raw += (tracker.Counts[tracker.DomainOfSlot[candidate.Slot]] * weights[c]) + constraints[c].MaxSkew - 1;
                }
            }

            candidate.SpreadScore = (long)Math.Round(raw, MidpointRounding.AwayFromZero);
            min = Math.Min(min, candidate.SpreadScore);
            max = Math.Max(max, candidate.SpreadScore);
        }

        var best = -1;
        var bestScore = double.NegativeInfinity;
        foreach (ref readonly var candidate in candidates)
        {
            // Integer arithmetic on Kubernetes' 0-100 scale, as NormalizeScore does.
            var normalized = candidate.Ignored ? 0 : max == 0 ? 100 : 100 * (max + min - candidate.SpreadScore) / max;
            var score = candidate.Score + (PodScheduler.SpreadScoreWeight * normalized / 100d);
            if (score > bestScore || (score == bestScore && candidate.Slot < best))
            {
                best = candidate.Slot;
                bestScore = score;
            }
        }

        return best;
    }
}
