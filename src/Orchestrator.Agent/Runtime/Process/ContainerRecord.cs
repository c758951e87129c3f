using System.Globalization;

namespace Orchestrator.Agent.Runtime.Process;

/// <summary>
/// What the process driver writes to <c>&lt;state&gt;/containers/</c> for each container, so that a restarted agent
/// can find its processes again: the pod and container it belongs to, the spec hash it runs, and the pid with the
/// process's start time (and boot id), which together cannot name a recycled pid.
/// </summary>
internal sealed record ContainerRecord
{
    public required string Namespace { get; init; }

    public required string PodName { get; init; }

    public required string PodUid { get; init; }

    public required string ContainerName { get; init; }

    public required string SpecHash { get; init; }

    public required int Pid { get; init; }

    /// <summary>See <see cref="ProcessInspector.StartTime"/>; 0 when the process was gone before it could be read.</summary>
    public required long ProcessStartTime { get; init; }

    public string? BootId { get; init; }

    /// <summary>Whether the process leads its own process group (started through <c>setsid</c>), so signals go to the group.</summary>
    public bool OwnProcessGroup { get; init; }

    public int RestartCount { get; init; }

    public int BackoffStep { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public TimeSpan TerminationGracePeriod { get; init; }

    /// <summary>The container's preStop hook (<see cref="PreStopHook.Serialize"/>), run before SIGTERM even by a restarted agent.</summary>
    public string? PreStop { get; init; }

    /// <summary>How the process ended; null while it runs.</summary>
    public ContainerTermination? Exit { get; init; }

    /// <summary>How the previous run ended (Kubernetes' <c>lastState</c>).</summary>
    public ContainerTermination? LastState { get; init; }

    public ContainerKey Key => new(PodUid, ContainerName);

    public string ContainerId => "process://" + Pid.ToString(CultureInfo.InvariantCulture);

    public RuntimeContainer ToRuntimeContainer() =>
        new(Key, Namespace, PodName, SpecHash, ContainerId, StartedAt, Exit, RestartCount, BackoffStep, LastState, TerminationGracePeriod);
}
