namespace Orchestrator.Agent.Lease;

/// <summary>
/// Counts the times the lease was renewed again after renewals had failed or lapsed (none for longer than the lease
/// lasts, as after the machine slept). Meanwhile the control plane may have marked the node unreachable; the
/// node-status loop sends the full status at once after such a gap, so the node turns Ready (and loses its taints)
/// without waiting for the next periodic report.
/// </summary>
internal sealed class LeaseContinuity
{
    private int _reconnections;

    /// <summary>How many gaps in renewals have ended since the agent started.</summary>
    public int Reconnections => Volatile.Read(ref _reconnections);

    public void Reconnected() => Interlocked.Increment(ref _reconnections);
}
