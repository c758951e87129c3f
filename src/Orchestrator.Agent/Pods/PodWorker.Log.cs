using Orchestrator.Agent.Runtime;

namespace Orchestrator.Agent.Pods;

internal sealed partial class PodWorker
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Stopping container {Container}: {Reason}.")]
        public static partial void StoppingContainer(ILogger logger, ContainerKey container, string reason);

        [LoggerMessage(2, LogLevel.Warning, "Container {Container} of pod {Namespace}/{Pod} could not start ({Reason}): {Message}")]
        public static partial void StartFailed(ILogger logger, ContainerKey container, string @namespace, string pod, string reason, string message);

        [LoggerMessage(3, LogLevel.Error, "Stopping container {Container} failed; the next pass tries again.")]
        public static partial void StopFailed(ILogger logger, Exception exception, ContainerKey container);
    }
}
