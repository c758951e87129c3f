namespace Orchestrator.Agent.Runtime;

/// <summary>
/// A runtime's view of one container: its current (or last) run, and the accounting across restarts that the pod
/// status needs. <see cref="Exit"/> is null while the run is alive.
/// </summary>
internal sealed record RuntimeContainer(
    ContainerKey Key,
    string Namespace,
    string PodName,
    string SpecHash,
    string ContainerId,
    DateTimeOffset StartedAt,
    ContainerTermination? Exit,
    int RestartCount,
    int BackoffStep,
    ContainerTermination? LastState,
    TimeSpan TerminationGracePeriod)
{
    public bool IsRunning => Exit is null;
}
