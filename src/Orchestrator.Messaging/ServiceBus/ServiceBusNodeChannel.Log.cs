using Microsoft.Extensions.Logging;

namespace Orchestrator.Messaging.ServiceBus;

public sealed partial class ServiceBusNodeChannel
{
    private static partial class Log
    {
        [LoggerMessage(300, LogLevel.Information, "Provisioned the channel of node {Tenant}/{NodeName} (Service Bus queue {QueueName}); grant expires {ExpiresOn:O}")]
        public static partial void Provisioned(ILogger logger, string tenant, string nodeName, string queueName, DateTimeOffset expiresOn);

        [LoggerMessage(301, LogLevel.Debug, "Nudged node {Tenant}/{NodeName}: {Reason}")]
        public static partial void Nudged(ILogger logger, string tenant, string nodeName, string reason);

        [LoggerMessage(302, LogLevel.Information, "Nudge for node {Tenant}/{NodeName} dropped: queue {QueueName} does not exist (node not joined yet)")]
        public static partial void NudgeQueueMissing(ILogger logger, string tenant, string nodeName, string queueName);

        [LoggerMessage(303, LogLevel.Information, "Deleted the channel of node {Tenant}/{NodeName} (Service Bus queue {QueueName}, existed: {Existed})")]
        public static partial void Deleted(ILogger logger, string tenant, string nodeName, string queueName, bool existed);

        [LoggerMessage(304, LogLevel.Debug, "Sent log request {RequestId} to node {Tenant}/{NodeName}")]
        public static partial void LogRequestSent(ILogger logger, string tenant, string nodeName, string requestId);

        [LoggerMessage(305, LogLevel.Information, "Log request for node {Tenant}/{NodeName} dropped: queue {QueueName} does not exist (node not joined yet)")]
        public static partial void LogRequestQueueMissing(ILogger logger, string tenant, string nodeName, string queueName);

        [LoggerMessage(306, LogLevel.Information, "Created Service Bus queue {QueueName}")]
        public static partial void QueueCreated(ILogger logger, string queueName);

        [LoggerMessage(307, LogLevel.Warning, "Service Bus queue {QueueName} had no Listen-only agent rule; added it")]
        public static partial void AgentRuleAdded(ILogger logger, string queueName);
    }
}
