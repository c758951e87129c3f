using Microsoft.Extensions.Logging;

namespace Orchestrator.Messaging.ServiceBus;

public sealed partial class ServiceBusNodeChannelReceiver
{
    private static partial class Log
    {
        [LoggerMessage(400, LogLevel.Warning, "Dead-lettered malformed channel message {MessageId} (delivery {DeliveryCount})")]
        public static partial void MalformedMessage(ILogger logger, string messageId, int deliveryCount, Exception? exception);

        [LoggerMessage(401, LogLevel.Debug, "Could not {Action} message {MessageId}: its lock was lost; it will be delivered again")]
        public static partial void LockLost(ILogger logger, string messageId, string action);

        [LoggerMessage(402, LogLevel.Warning, "Could not {Action} message {MessageId} (transient error); it will be delivered again")]
        public static partial void TransientSettleFailure(ILogger logger, string messageId, string action, Exception exception);

        [LoggerMessage(403, LogLevel.Warning, "Receiving from Service Bus queue {QueueName} failed (attempt {Attempt}, transient); retrying in {Delay}")]
        public static partial void TransientReceiveFailure(ILogger logger, string queueName, int attempt, TimeSpan delay, Exception exception);

        [LoggerMessage(404, LogLevel.Warning, "Could not hand over {Count} messages from Service Bus queue {QueueName}; abandoning them")]
        public static partial void HandOverFailed(ILogger logger, string queueName, int count, Exception exception);

        [LoggerMessage(405, LogLevel.Debug, "Could not abandon message {MessageId}; its lock will expire")]
        public static partial void AbandonFailed(ILogger logger, string messageId, Exception exception);

        [LoggerMessage(406, LogLevel.Warning, "The channel refused the grant for Service Bus queue {QueueName}: {Reason}")]
        public static partial void GrantRejected(ILogger logger, string queueName, string reason);
    }
}
