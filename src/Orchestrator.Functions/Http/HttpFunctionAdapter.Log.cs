using Microsoft.Extensions.Logging;

namespace Orchestrator.Functions.Http;

public sealed partial class HttpFunctionAdapter
{
    [LoggerMessage(Level = LogLevel.Error, Message = "{Route}: the store's tables could not be created; answering 503")]
    private static partial void LogStoreNotReady(ILogger logger, string route, Exception exception);
}
