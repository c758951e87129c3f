namespace Orchestrator.Agent.Logs;

/// <summary>
/// The process runtime's log files: <c>&lt;container&gt;.log</c> for the current run and
/// <c>&lt;container&gt;.previous.log</c> for the one before (container names cannot contain dots).
/// </summary>
internal static class ProcessLogFiles
{
    public static string PreviousOf(string currentLogPath) =>
        Path.Combine(Path.GetDirectoryName(currentLogPath)!, Path.GetFileNameWithoutExtension(currentLogPath) + ".previous.log");

    /// <summary>Before a container starts again, keeps the log of its last run as the previous log.</summary>
    public static void RotateForNewRun(string currentLogPath)
    {
        if (File.Exists(currentLogPath))
        {
            File.Move(currentLogPath, PreviousOf(currentLogPath), overwrite: true);
        }
    }

    /// <summary>Deletes the previous log with the container.</summary>
    public static void DeletePrevious(string currentLogPath) => File.Delete(PreviousOf(currentLogPath));
}
