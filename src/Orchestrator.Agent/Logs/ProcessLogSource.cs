using System.Text;
using Orchestrator.Agent.State;

namespace Orchestrator.Agent.Logs;

/// <summary>
/// Logs of the process runtime, read from its files. The workload writes its file directly (so it keeps logging
/// while the agent is down), hence no per-line times: <c>timestamps</c> adds none, and <c>sinceSeconds</c> keeps
/// the whole log when the file changed within the window and nothing otherwise.
/// </summary>
internal sealed class ProcessLogSource : ILogSource
{
    /// <summary>At most this much of the end of a log is read and sent.</summary>
    public const int MaxBytes = 8 * 1024 * 1024;

    private readonly StatePaths _paths;
    private readonly TimeProvider _time;

    public ProcessLogSource(StatePaths paths, TimeProvider time)
    {
        _paths = paths;
        _time = time;
    }

    public async Task<LogReadResult?> ReadAsync(LogQuery query, CancellationToken cancellationToken)
    {
        string current;
        try
        {
            current = _paths.LogFile(query.PodUid, query.Container);
        }
        catch (ArgumentException)
        {
            return null;
        }

        if (!File.Exists(current) && !File.Exists(ProcessLogFiles.PreviousOf(current)))
        {
            return null;
        }

        var path = query.Previous ? ProcessLogFiles.PreviousOf(current) : current;
        if (!File.Exists(path))
        {
            return query.Previous
                ? LogReadResult.Error($"previous terminated container \"{query.Container}\" in pod \"{query.PodName}\" not found")
                : LogReadResult.Error($"container \"{query.Container}\" in pod \"{query.PodName}\" is waiting to start: ContainerCreating");
        }

        var text = await ReadEndAsync(path, cancellationToken);
        DateTimeOffset lastWrite = File.GetLastWriteTimeUtc(path);
        return LogReadResult.Ok(LogSelection.Apply(LogSelection.SplitUntimed(text), query, _time.GetUtcNow(), lastWrite));
    }

    private static async Task<string> ReadEndAsync(string path, CancellationToken cancellationToken)
    {
        // The workload keeps appending while this reads.
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var skip = Math.Max(0, file.Length - MaxBytes);
        file.Seek(skip, SeekOrigin.Begin);
        var buffer = new byte[file.Length - skip];
        var read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        var text = Encoding.UTF8.GetString(buffer, 0, read);

        // A cut start is a partial line: drop it.
        if (skip > 0 && text.IndexOf('\n') is var newline and >= 0)
        {
            text = text[(newline + 1)..];
        }

        return text;
    }
}
