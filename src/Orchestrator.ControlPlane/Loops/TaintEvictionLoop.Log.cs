using Microsoft.Extensions.Logging;

namespace Orchestrator.ControlPlane.Loops;

public sealed partial class TaintEvictionLoop
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Evicted pod {Namespace}/{Name} of tenant {Tenant} from tainted node {Node}")]
    private static partial void LogEvicted(ILogger logger, string tenant, string? @namespace, string? name, string node);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Evictions from node {Node} of tenant {Tenant} skipped ({Code}): a pod changed meanwhile; the next pass retries")]
    private static partial void LogEvictionSkipped(ILogger logger, string tenant, string node, int code);
}
