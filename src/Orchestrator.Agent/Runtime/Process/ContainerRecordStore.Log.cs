namespace Orchestrator.Agent.Runtime.Process;

internal sealed partial class ContainerRecordStore
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Ignoring the container record {File}: {Reason}. If its process still runs, stop it by hand.")]
        public static partial void Unusable(ILogger logger, string file, string reason);
    }
}
