namespace Orchestrator.Agent.Logs;

internal sealed partial class LogRequestHandler
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Log request {RequestId} for pod {Namespace}/{PodName} expired before it was read; dropped.")]
        public static partial void Expired(ILogger logger, string requestId, string @namespace, string podName);

        [LoggerMessage(2, LogLevel.Warning, "Log request {RequestId} has no usable upload URL; dropped.")]
        public static partial void BadUploadUrl(ILogger logger, string requestId);

        [LoggerMessage(3, LogLevel.Debug, "Answered log request {RequestId} for {Namespace}/{PodName} container {Container} (succeeded: {Succeeded}).")]
        public static partial void Answered(ILogger logger, string requestId, string @namespace, string podName, string container, bool succeeded);
    }
}
