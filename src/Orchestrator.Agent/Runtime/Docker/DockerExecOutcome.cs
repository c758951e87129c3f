namespace Orchestrator.Agent.Runtime.Docker;

/// <summary>How a command run in a container by <c>docker exec</c> ended: its exit code and its output (stdout then stderr).</summary>
internal sealed record DockerExecOutcome(long ExitCode, string Output, bool TimedOut);
