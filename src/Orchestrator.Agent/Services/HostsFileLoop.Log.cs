namespace Orchestrator.Agent.Services;

internal sealed partial class HostsFileLoop
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Wrote {Count} Service entries to the managed block of {Path}.")]
        public static partial void Written(ILogger logger, string path, int count);

        [LoggerMessage(2, LogLevel.Warning, "Cannot update the managed block of {Path} ({Reason}); retrying.")]
        public static partial void Failed(ILogger logger, string path, string reason);
    }
}
