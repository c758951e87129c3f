using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Probes;

/// <summary>Runs one attempt of a probe's handler (exec, httpGet or tcpSocket) within the probe's timeout.</summary>
internal interface IProbeRunner
{
    /// <summary>Never throws for a failing target: every failure, the timeout included, is a failed outcome.</summary>
    Task<ProbeOutcome> RunAsync(Probe probe, ProbeTarget target, CancellationToken cancellationToken);
}
