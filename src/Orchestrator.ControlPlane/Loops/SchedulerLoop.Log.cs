using Microsoft.Extensions.Logging;

namespace Orchestrator.ControlPlane.Loops;

public sealed partial class SchedulerLoop
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Scheduler pass {Attempt} for {Tenant} planned on state another pass changed; planning again")]
    private static partial void LogPassConflict(ILogger logger, string tenant, int attempt);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Scheduler read the {PodCount} pods of {Tenant}: {BoundCount} bound to nodes")]
    private static partial void LogBoundPodsRead(ILogger logger, string tenant, int boundCount, int podCount);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Scheduler pass for {Tenant} left {Count} pods unschedulable on cached bound pods; reading them all before saying so")]
    private static partial void LogCacheReadForUnschedulable(ILogger logger, string tenant, int count);
}
