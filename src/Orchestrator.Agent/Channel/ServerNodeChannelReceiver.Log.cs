namespace Orchestrator.Agent.Channel;

internal sealed partial class ServerNodeChannelReceiver
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Skipped malformed channel message {Seq} from the server's mailbox.")]
        public static partial void Malformed(ILogger logger, long seq, Exception? exception);

        [LoggerMessage(2, LogLevel.Information, "The server's mailbox numbers below this agent's {After} (the server restarted); continuing from {Seq}.")]
        public static partial void CursorReset(ILogger logger, long after, long seq);
    }
}
