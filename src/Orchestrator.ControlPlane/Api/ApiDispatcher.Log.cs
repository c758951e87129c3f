using Microsoft.Extensions.Logging;

namespace Orchestrator.ControlPlane.Api;

public sealed partial class ApiDispatcher
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Method} on route {Route} failed unexpectedly")]
    private static partial void LogUnexpectedFailure(ILogger logger, string route, string method, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Node {NodeName} joined tenant {Tenant}")]
    private static partial void LogNodeJoined(ILogger logger, string tenant, string nodeName);
}
