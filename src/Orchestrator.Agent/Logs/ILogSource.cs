namespace Orchestrator.Agent.Logs;

/// <summary>
/// Reads container logs for one runtime (decision 7): the process driver's log files, the Docker logs API. The
/// agent asks each source in turn; the first that knows the container answers.
/// </summary>
internal interface ILogSource
{
    /// <summary>The selected log, an error in the words the user sees, or null when this runtime does not know the container.</summary>
    Task<LogReadResult?> ReadAsync(LogQuery query, CancellationToken cancellationToken);
}
