namespace Orchestrator.Agent.Pods;

internal sealed partial class DesiredStateLoop
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "The control plane assigns {Count} pods to this node.")]
        public static partial void Fetched(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Warning, "Ignoring pod {Namespace}/{Name} from the pod list: it is bound to node '{NodeName}' or lacks a usable uid.")]
        public static partial void Ignored(ILogger logger, string? @namespace, string? name, string? nodeName);
    }
}
