namespace Orchestrator.Agent.Runtime.Process;

internal sealed partial class ProcessDriver
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Started container {Container} of pod {Namespace}/{Pod} as pid {Pid} (restart {RestartCount}).")]
        public static partial void Started(ILogger logger, ContainerKey container, string @namespace, string pod, int pid, int restartCount);

        [LoggerMessage(2, LogLevel.Warning, "Could not confirm within 2 s that pid {Pid} of container {Container} leads its own session and runs the workload.")]
        public static partial void NotVerified(ILogger logger, ContainerKey container, int pid);

        [LoggerMessage(3, LogLevel.Information, "Stopping container {Container} (pid {Pid}) with a grace period of {GracePeriod}.")]
        public static partial void Stopping(ILogger logger, ContainerKey container, int pid, TimeSpan gracePeriod);

        [LoggerMessage(4, LogLevel.Warning, "Container {Container} (pid {Pid}) did not exit within {GracePeriod}; killing it.")]
        public static partial void Killing(ILogger logger, ContainerKey container, int pid, TimeSpan gracePeriod);

        [LoggerMessage(5, LogLevel.Error, "Container {Container} (pid {Pid}) is still running after SIGKILL.")]
        public static partial void StillRunning(ILogger logger, ContainerKey container, int pid);

        [LoggerMessage(6, LogLevel.Information, "Removed container {Container}.")]
        public static partial void Removed(ILogger logger, ContainerKey container);

        [LoggerMessage(7, LogLevel.Information, "Adopted container {Container} of pod {Namespace}/{Pod}: pid {Pid} still runs the process an earlier agent run started.")]
        public static partial void Adopted(ILogger logger, ContainerKey container, string @namespace, string pod, int pid);

        [LoggerMessage(8, LogLevel.Information, "Container {Container} (pid {Pid}) ended while the agent was not running.")]
        public static partial void GoneWhileAway(ILogger logger, ContainerKey container, int pid);

        [LoggerMessage(9, LogLevel.Information, "Adopted container {Container} (pid {Pid}) exited; its exit code is unknown.")]
        public static partial void AdoptedExited(ILogger logger, ContainerKey container, int pid);

        [LoggerMessage(10, LogLevel.Information, "Container {Container} (pid {Pid}) exited with code {ExitCode}.")]
        public static partial void Exited(ILogger logger, ContainerKey container, int pid, int exitCode);

        [LoggerMessage(11, LogLevel.Error, "Watching container {Container} failed.")]
        public static partial void MonitorFailed(ILogger logger, Exception exception, ContainerKey container);

        [LoggerMessage(12, LogLevel.Warning, "Could not delete the log of container {Container}: {Reason}")]
        public static partial void LogNotDeleted(ILogger logger, ContainerKey container, string reason);

        [LoggerMessage(13, LogLevel.Warning, "{Setsid} is missing: workloads share the agent's process group, so a Ctrl+C on the agent's terminal reaches them too, and a stop signals the process alone, not what it forked.")]
        public static partial void NoSetsid(ILogger logger, string setsid);
    }
}
