namespace Orchestrator.Agent.Probes;

/// <summary>A probe's published result: <see cref="Unknown"/> until its thresholds decide.</summary>
internal enum ProbeResult
{
    Unknown,
    Success,
    Failure,
}
