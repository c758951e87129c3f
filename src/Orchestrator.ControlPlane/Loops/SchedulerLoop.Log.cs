using Microsoft.Extensions.Logging;

namespace Orchestrator.ControlPlane.Loops;

public sealed partial class SchedulerLoop
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Scheduler pass {Attempt} for {Tenant} planned on state another pass changed; planning again")]
    private static partial void LogPassConflict(ILogger logger, string tenant, int attempt);
}
