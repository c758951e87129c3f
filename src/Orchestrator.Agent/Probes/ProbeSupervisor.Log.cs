using Orchestrator.Agent.Runtime;

namespace Orchestrator.Agent.Probes;

internal sealed partial class ProbeSupervisor
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Probing container {Container} ({ContainerId}).")]
        public static partial void Probing(ILogger logger, ContainerKey container, string containerId);

        [LoggerMessage(2, LogLevel.Error, "Stopping the probes of container {Container} failed.")]
        public static partial void StopFailed(ILogger logger, Exception exception, ContainerKey container);
    }
}
