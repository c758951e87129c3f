namespace Orchestrator.Agent.Runtime.Process;

/// <summary>
/// The driver's live state of one container: its persisted record, and the <see cref="System.Diagnostics.Process"/>
/// when this agent run started it (null for a process adopted from an earlier run, whose exit is found by polling).
/// </summary>
internal sealed class TrackedProcess
{
    public TrackedProcess(ContainerRecord record, System.Diagnostics.Process? process)
    {
        Record = record;
        Process = process;
    }

    /// <summary>Changed only under the driver's lock.</summary>
    public ContainerRecord Record { get; set; }

    public System.Diagnostics.Process? Process { get; }

    /// <summary>What the process was started with, for exec in its context; null for an adopted process.</summary>
    public WorkloadCommand? Command { get; init; }

    /// <summary>Copies the output into the log file where the process cannot write it directly (Windows).</summary>
    public LogPump? Pump { get; init; }

    public bool IsRunning => Record.Exit is null;
}
