using Microsoft.Extensions.Logging;

namespace Orchestrator.ControlPlane.Loops;

public sealed partial class EventExpiryLoop
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted {Count} expired events of tenant {Tenant}")]
    private static partial void LogExpired(ILogger logger, int count, string tenant);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Left {Count} expired events of tenant {Tenant} for the next pass: {Reason}")]
    private static partial void LogBatchSkipped(ILogger logger, int count, string tenant, string reason);
}
