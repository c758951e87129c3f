namespace Orchestrator.Agent.Pods;

internal sealed partial class StatusReportLoop
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "The control plane answered {Code} for pod {Namespace}/{Name} ({Uid}): it is gone or replaced; stopping its containers.")]
        public static partial void PodGone(ILogger logger, string @namespace, string name, string uid, int code);

        [LoggerMessage(2, LogLevel.Warning, "The control plane refused the status of pod {Namespace}/{Name} with {Code}; dropping that report.")]
        public static partial void ItemRefused(ILogger logger, string @namespace, string name, int code);

        [LoggerMessage(3, LogLevel.Warning, "The control plane failed to store the status of pod {Namespace}/{Name} ({Code}); retrying.")]
        public static partial void ItemRetry(ILogger logger, string @namespace, string name, int code);
    }
}
