namespace Orchestrator.Agent.Runtime;

/// <summary>How a command run in a container ended: its exit code and its output (stdout and stderr together, truncated).</summary>
internal sealed record ExecResult(int ExitCode, string Output)
{
    /// <summary>The most output kept: enough for a probe's message, never a whole log.</summary>
    public const int MaxOutputBytes = 4096;
}
