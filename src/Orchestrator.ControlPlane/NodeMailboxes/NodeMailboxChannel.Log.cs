using Microsoft.Extensions.Logging;

namespace Orchestrator.ControlPlane.NodeMailboxes;

public sealed partial class NodeMailboxChannel
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Opened the mailbox of node {Tenant}/{NodeName} (reopened by its agent's poll: {Reopened})")]
        public static partial void Opened(ILogger logger, string tenant, string nodeName, bool reopened);

        [LoggerMessage(2, LogLevel.Debug, "Dropped a message for node {Tenant}/{NodeName}: it has no mailbox (it never joined)")]
        public static partial void NoMailbox(ILogger logger, string tenant, string nodeName);

        [LoggerMessage(3, LogLevel.Warning, "Dropped log request {RequestId} of node {Tenant}/{NodeName}: its mailbox holds {MaxPending} messages already")]
        public static partial void LogRequestDropped(ILogger logger, string tenant, string nodeName, string requestId, int maxPending);

        [LoggerMessage(4, LogLevel.Information, "The agent of node {Tenant}/{NodeName} acknowledged {After}, beyond this server's {Seq} (a restart): delivering everything pending")]
        public static partial void AgentAhead(ILogger logger, string tenant, string nodeName, long after, long seq);
    }
}
