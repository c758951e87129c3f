namespace Orchestrator.Agent.Pods;

internal sealed partial class DesiredPodStore
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Loaded {Count} desired pods from {Path}; converging to them until the control plane answers.")]
        public static partial void Loaded(ILogger logger, int count, string path);

        [LoggerMessage(2, LogLevel.Warning, "Ignoring the saved desired state {Path} ({Reason}); waiting for the control plane.")]
        public static partial void Unusable(ILogger logger, string path, string reason);
    }
}
