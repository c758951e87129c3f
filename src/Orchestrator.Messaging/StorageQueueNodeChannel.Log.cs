using Microsoft.Extensions.Logging;

namespace Orchestrator.Messaging;

public sealed partial class StorageQueueNodeChannel
{
    private static partial class Log
    {
        [LoggerMessage(100, LogLevel.Information, "Provisioned the channel of node {Tenant}/{NodeName} (queue {QueueName}); grant expires {ExpiresOn:O}")]
        public static partial void Provisioned(ILogger logger, string tenant, string nodeName, string queueName, DateTimeOffset expiresOn);

        [LoggerMessage(101, LogLevel.Debug, "Nudged node {Tenant}/{NodeName}: {Reason}")]
        public static partial void Nudged(ILogger logger, string tenant, string nodeName, string reason);

        [LoggerMessage(102, LogLevel.Information, "Nudge for node {Tenant}/{NodeName} dropped: queue {QueueName} does not exist (node not joined yet)")]
        public static partial void NudgeQueueMissing(ILogger logger, string tenant, string nodeName, string queueName);

        [LoggerMessage(104, LogLevel.Debug, "Sent log request {RequestId} to node {Tenant}/{NodeName}")]
        public static partial void LogRequestSent(ILogger logger, string tenant, string nodeName, string requestId);

        [LoggerMessage(105, LogLevel.Information, "Log request for node {Tenant}/{NodeName} dropped: queue {QueueName} does not exist (node not joined yet)")]
        public static partial void LogRequestQueueMissing(ILogger logger, string tenant, string nodeName, string queueName);

        [LoggerMessage(103, LogLevel.Information, "Deleted the channel of node {Tenant}/{NodeName} (queue {QueueName}, existed: {Existed})")]
        public static partial void Deleted(ILogger logger, string tenant, string nodeName, string queueName, bool existed);
    }
}
