using Orchestrator.Core.Defaulting;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Probes;

/// <summary>A probe's timing with the Kubernetes defaults filled in (a pod stored before defaulting may lack them).</summary>
internal sealed record ProbeTiming(TimeSpan InitialDelay, TimeSpan Timeout, TimeSpan Period, int SuccessThreshold, int FailureThreshold)
{
    public static ProbeTiming Of(Probe probe, ProbeKind kind)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return new ProbeTiming(
            TimeSpan.FromSeconds(Math.Max(0, probe.InitialDelaySeconds ?? 0)),
            TimeSpan.FromSeconds(Positive(probe.TimeoutSeconds, ObjectDefaults.DefaultProbeTimeoutSeconds)),
            TimeSpan.FromSeconds(Positive(probe.PeriodSeconds, ObjectDefaults.DefaultProbePeriodSeconds)),
            // Liveness and startup must succeed once; validation refuses anything else, and this guards older pods.
            kind == ProbeKind.Readiness ? Positive(probe.SuccessThreshold, ObjectDefaults.DefaultProbeSuccessThreshold) : 1,
            Positive(probe.FailureThreshold, ObjectDefaults.DefaultProbeFailureThreshold));
    }

    private static int Positive(int? value, int fallback) => value is > 0 ? value.Value : fallback;
}
