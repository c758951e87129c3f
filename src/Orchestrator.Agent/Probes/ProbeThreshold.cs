namespace Orchestrator.Agent.Probes;

/// <summary>
/// The kubelet's threshold rule: a result is published only after <c>successThreshold</c> consecutive successes or
/// <c>failureThreshold</c> consecutive failures; until then the previous result stands.
/// </summary>
internal sealed class ProbeThreshold
{
    private readonly int _successThreshold;
    private readonly int _failureThreshold;
    private bool? _last;
    private int _run;

    public ProbeThreshold(int successThreshold, int failureThreshold, ProbeResult initial)
    {
        _successThreshold = successThreshold;
        _failureThreshold = failureThreshold;
        Current = initial;
    }

    public ProbeResult Current { get; private set; }

    /// <summary>Counts one attempt; true when it changed the published result.</summary>
    public bool Observe(bool success)
    {
        if (_last == success)
        {
            _run++;
        }
        else
        {
            _last = success;
            _run = 1;
        }

        if ((success && _run < _successThreshold) || (!success && _run < _failureThreshold))
        {
            return false;
        }

        var result = success ? ProbeResult.Success : ProbeResult.Failure;
        var changed = result != Current;
        Current = result;
        return changed;
    }
}
