namespace Orchestrator.Agent.Logs;

internal sealed partial class LogRequestWorker
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not answer log request {RequestId}; the API will report a timeout.")]
        public static partial void Failed(ILogger logger, Exception exception, string requestId);
    }
}
