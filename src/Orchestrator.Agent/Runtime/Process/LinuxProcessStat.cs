namespace Orchestrator.Agent.Runtime.Process;

/// <summary>The fields of <c>/proc/&lt;pid&gt;/stat</c> the driver uses.</summary>
/// <param name="State">Field 3: <c>R</c>, <c>S</c>, ..., <c>Z</c> for a zombie.</param>
/// <param name="ProcessGroup">Field 5.</param>
/// <param name="Session">Field 6.</param>
/// <param name="StartTime">Field 22: clock ticks after boot; with the pid it names one process for the life of the boot.</param>
internal readonly record struct LinuxProcessStat(char State, int ProcessGroup, int Session, long StartTime);
