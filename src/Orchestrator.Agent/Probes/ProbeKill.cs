namespace Orchestrator.Agent.Probes;

/// <summary>
/// A running container that failed its liveness or startup probe and must be killed (and restarted as its pod's
/// restartPolicy says). <see cref="TerminationGracePeriodSeconds"/> is the probe's own, when it sets one.
/// </summary>
internal sealed record ProbeKill(string ContainerId, string Message, long? TerminationGracePeriodSeconds);
