using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Agent.Services;

internal sealed partial class ServiceProxy
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Service {Service}: listening on {Listen} for {Endpoints} ready endpoints.")]
        public static partial void Listening(ILogger logger, string service, IPEndPoint listen, int endpoints);

        [LoggerMessage(2, LogLevel.Information, "Service {Service}: closed the listener on {Listen}; its open connections finish on their own.")]
        public static partial void Closed(ILogger logger, string service, IPEndPoint listen);

        [LoggerMessage(3, LogLevel.Error, "Service {Service}: cannot listen on {Listen} ({Error}: {Message}); retrying, the other Services keep working.")]
        public static partial void BindFailed(ILogger logger, string service, IPEndPoint listen, SocketError error, string message);

        [LoggerMessage(4, LogLevel.Error, "Updating the proxy's listeners failed; retrying.")]
        public static partial void SyncFailed(ILogger logger, Exception exception);
    }
}
