using Microsoft.Extensions.Logging;

namespace Orchestrator.ControlPlane.Loops;

public sealed partial class ChangeLogCompactionLoop
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Compacted {Count} changes of tenant {Tenant} from the change log")]
    private static partial void LogCompacted(ILogger logger, int count, string tenant);
}
