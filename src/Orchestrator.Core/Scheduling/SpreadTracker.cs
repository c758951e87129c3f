using Orchestrator.Core.Labels;
using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Scheduling;

/// <summary>
/// How many pods one spread selector matches in each domain of a topology key, over the nodes the constraint counts
/// (by its node affinity and taint policies), kept current as the pass places pods. Counts only grow within a pass,
/// so the smallest count is maintained incrementally rather than rescanned for every pod.
/// </summary>
internal sealed class SpreadTracker
{
    private readonly string _namespace;
    private readonly Selector? _selector;
    private readonly int[] _seen;
    private int _stamp;
    private int _atMin;

    public SpreadTracker(string ns, Selector? selector, int[] domainOfSlot, int domainCount)
    {
        _namespace = ns;
        _selector = selector;
        DomainOfSlot = domainOfSlot;
        Counts = new int[domainCount];
        _seen = new int[domainCount];
        _atMin = domainCount;
    }

    /// <summary>Per slot, its domain (index into <see cref="Counts"/>), or -1 when the node lacks the key or is not counted.</summary>
    public int[] DomainOfSlot { get; }

    /// <summary>Matching pods per domain.</summary>
    public int[] Counts { get; }

    /// <summary>The smallest count over the domains (0 when there are none).</summary>
    public int Min { get; private set; }

    /// <summary>True when the pod is in the tracker's namespace and its labels match the selector (a null selector matches nothing).</summary>
    public bool Matches(Pod pod) =>
        _selector is not null &&
        string.Equals(pod.Metadata.Namespace ?? "", _namespace, StringComparison.Ordinal) &&
        _selector.Matches(pod.Metadata.Labels);

    /// <summary>Kubernetes' global minimum: zero while there are fewer domains than <c>minDomains</c>.</summary>
    public int MinMatch(int? minDomains) => minDomains is { } wanted && Counts.Length < wanted ? 0 : Min;

    /// <summary>Counts a matching pod on the slot.</summary>
    public void Add(int slot)
    {
        var domain = DomainOfSlot[slot];
        if (domain < 0)
        {
            return;
        }

        if (Counts[domain]++ == Min && --_atMin == 0)
        {
            Min = int.MaxValue;
            foreach (var count in Counts)
            {
                if (count < Min)
                {
                    Min = count;
                    _atMin = 1;
                }
                else if (count == Min)
                {
                    _atMin++;
                }
            }
        }
    }

    /// <summary>Starts a new count of distinct domains (see <see cref="Visit"/>).</summary>
    public void NewVisit() => _stamp++;

    /// <summary>True the first time a domain is visited since <see cref="NewVisit"/>.</summary>
    public bool Visit(int domain)
    {
        if (_seen[domain] == _stamp)
        {
            return false;
        }

        _seen[domain] = _stamp;
        return true;
    }
}
