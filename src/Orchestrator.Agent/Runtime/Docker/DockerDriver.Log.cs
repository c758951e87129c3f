namespace Orchestrator.Agent.Runtime.Docker;

internal sealed partial class DockerDriver
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Started container {Container} of pod {Namespace}/{Pod} as Docker container {ContainerId} (restart {RestartCount}).")]
        public static partial void Started(ILogger logger, ContainerKey container, string @namespace, string pod, string containerId, int restartCount);

        [LoggerMessage(2, LogLevel.Information, "Stopping container {Container} (Docker container {ContainerId}) with a grace period of {GracePeriod}.")]
        public static partial void Stopping(ILogger logger, ContainerKey container, string containerId, TimeSpan gracePeriod);

        [LoggerMessage(3, LogLevel.Information, "Container {Container} exited with code {ExitCode} ({Reason}).")]
        public static partial void Exited(ILogger logger, ContainerKey container, int exitCode, string reason);

        [LoggerMessage(4, LogLevel.Information, "Removed the Docker containers of {Container}.")]
        public static partial void Removed(ILogger logger, ContainerKey container);

        [LoggerMessage(5, LogLevel.Information, "Pulling image {Image} for container {Container} (with registry credentials: {WithCredentials}).")]
        public static partial void Pulling(ILogger logger, string image, ContainerKey container, bool withCredentials);

        [LoggerMessage(6, LogLevel.Warning, "Pulling image {Image} for container {Container} failed: {Reason}")]
        public static partial void PullFailed(ILogger logger, string image, ContainerKey container, string reason);

        [LoggerMessage(8, LogLevel.Information, "The Docker engine answers (version {Version}).")]
        public static partial void EngineAnswered(ILogger logger, string version);

        [LoggerMessage(9, LogLevel.Warning, "The Docker engine does not answer ({Reason}); containers are reported as last seen until it does.")]
        public static partial void EngineUnreachable(ILogger logger, Exception exception, string reason);

        [LoggerMessage(10, LogLevel.Error, "A handler of the exit of container {Container} failed.")]
        public static partial void HandlerFailed(ILogger logger, Exception exception, ContainerKey container);
    }
}
