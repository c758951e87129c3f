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

        [LoggerMessage(4, LogLevel.Information, "Pod {Namespace}/{Name} ({Uid}) has stopped and was finalized.")]
        public static partial void PodFinalized(ILogger logger, string @namespace, string name, string uid);

        [LoggerMessage(5, LogLevel.Warning, "The control plane refused to finalize pod {Namespace}/{Name} ({Code}): {Message}")]
        public static partial void FinalizeRefused(ILogger logger, string @namespace, string name, int code, string message);

        [LoggerMessage(6, LogLevel.Warning, "Finalizing pod {Namespace}/{Name} failed ({Message}); retrying on the next pass.")]
        public static partial void FinalizeRetry(ILogger logger, string @namespace, string name, string message);
    }
}
