namespace Orchestrator.Agent.Logs;

/// <summary>One line of a log, without its newline; <see cref="Time"/> is null where the runtime did not record it.</summary>
internal readonly record struct LogLine(DateTimeOffset? Time, string Text);
