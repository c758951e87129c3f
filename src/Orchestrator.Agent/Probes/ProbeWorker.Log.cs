using Orchestrator.Agent.Runtime;

namespace Orchestrator.Agent.Probes;

internal sealed partial class ProbeWorker
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "{Kind} probe of container {Container} failed: {Message}")]
        public static partial void ProbeFailed(ILogger logger, ProbeKind kind, ContainerKey container, string message);

        [LoggerMessage(2, LogLevel.Information, "{Kind} probe of container {Container} is now {Result}: {Message}")]
        public static partial void ResultChanged(ILogger logger, ProbeKind kind, ContainerKey container, ProbeResult result, string message);

        [LoggerMessage(4, LogLevel.Warning, "{Kind} probe of container {Container} could not run: {Message}")]
        public static partial void ProberError(ILogger logger, ProbeKind kind, ContainerKey container, string message);

        [LoggerMessage(3, LogLevel.Error, "The {Kind} probe worker of container {Container} failed; the container is no longer probed until it restarts.")]
        public static partial void WorkerFailed(ILogger logger, Exception exception, ProbeKind kind, ContainerKey container);
    }
}
