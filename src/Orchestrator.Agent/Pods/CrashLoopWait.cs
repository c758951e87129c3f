namespace Orchestrator.Agent.Pods;

/// <summary>An exited container that will restart at <see cref="RestartAt"/>, after a back-off of <see cref="Delay"/>.</summary>
internal sealed record CrashLoopWait(TimeSpan Delay, DateTimeOffset RestartAt);
