namespace Orchestrator.Agent.Runtime;

/// <summary>How one run of a container ended.</summary>
internal sealed record ContainerTermination(
    int ExitCode,
    string Reason,
    string? Message,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string ContainerId)
{
    public const string Completed = "Completed";
    public const string Error = "Error";

    /// <summary>
    /// A process the agent adopted after a restart exits without telling anyone its code (it is not the agent's
    /// child). Like the kubelet for a container it cannot find, report exit code 137 with reason
    /// <c>ContainerStatusUnknown</c>: a non-zero code means restartPolicy OnFailure restarts it, which is the safe
    /// side for a process whose outcome nobody saw.
    /// </summary>
    public const string StatusUnknown = "ContainerStatusUnknown";

    public const int UnknownExitCode = 137;

    public static ContainerTermination FromExitCode(int exitCode, DateTimeOffset startedAt, DateTimeOffset finishedAt, string containerId) =>
        new(exitCode, exitCode == 0 ? Completed : Error, null, startedAt, finishedAt, containerId);

    public static ContainerTermination Unknown(DateTimeOffset startedAt, DateTimeOffset detectedAt, string containerId) =>
        new(UnknownExitCode, StatusUnknown, "The process ended while the agent could not watch it; its exit code is unknown.", startedAt, detectedAt, containerId);

    /// <summary>How long the run lasted.</summary>
    public TimeSpan Duration => FinishedAt - StartedAt;
}
