using Microsoft.Extensions.Logging;

namespace Orchestrator.Messaging;

public sealed partial class StorageQueueNodeChannelReceiver
{
    private static partial class Log
    {
        [LoggerMessage(200, LogLevel.Warning, "Skipped malformed channel message {MessageId} (dequeue count {DequeueCount})")]
        public static partial void MalformedNudge(ILogger logger, string messageId, long dequeueCount, Exception? exception);

        [LoggerMessage(201, LogLevel.Debug, "Nudge message {MessageId} was already gone when deleting it")]
        public static partial void NudgeAlreadyGone(ILogger logger, string messageId);

        [LoggerMessage(202, LogLevel.Warning, "The channel refused the grant for queue {QueueName}: {Status} {ErrorCode}")]
        public static partial void GrantRejected(ILogger logger, string queueName, int status, string? errorCode);
    }
}
