namespace Orchestrator.Agent.Channel;

internal sealed partial class ChannelLoop
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Receiving messages over a {Kind} channel; its grant expires at {ExpiresOn}.")]
        public static partial void GrantReceived(ILogger logger, string kind, DateTimeOffset expiresOn);

        [LoggerMessage(2, LogLevel.Information, "The channel grant was refused or expired; fetching a new one.")]
        public static partial void GrantExpired(ILogger logger);

        [LoggerMessage(3, LogLevel.Debug, "Received {Count} nudges (last: {Reason}); fetching the desired pods.")]
        public static partial void Nudged(ILogger logger, int count, string reason);

        [LoggerMessage(4, LogLevel.Debug, "Received log request {RequestId} for pod {Namespace}/{PodName}.")]
        public static partial void LogRequested(ILogger logger, string requestId, string @namespace, string podName);
    }
}
