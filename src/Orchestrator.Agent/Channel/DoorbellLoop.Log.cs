namespace Orchestrator.Agent.Channel;

internal sealed partial class DoorbellLoop
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "The doorbell rang (generation {Generation}); receiving from the channel now.")]
        public static partial void Rang(ILogger logger, long generation);

        [LoggerMessage(2, LogLevel.Information, "The control plane has no doorbell; the channel polls its queue with back-off, asking again in {Retry}.")]
        public static partial void NoDoorbell(ILogger logger, TimeSpan retry);
    }
}
