using Microsoft.Extensions.Logging;

namespace Orchestrator.Storage;

internal sealed partial class TableObjectStore
{
    [LoggerMessage(1, LogLevel.Debug, "Committed {OperationCount} operations ({RowCount} rows with the change log) for tenant {Tenant}")]
    private static partial void LogCommitted(ILogger logger, string tenant, int operationCount, int rowCount);
}
