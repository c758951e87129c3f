using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Agent.Services;

internal sealed partial class ProxyListener
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Service {Service}: accepting on {Listen} failed ({Error}).")]
        public static partial void AcceptFailed(ILogger logger, string service, IPEndPoint listen, SocketError error);

        [LoggerMessage(2, LogLevel.Warning, "Service {Service}: no ready endpoint took the connection on {Listen}; closing it.")]
        public static partial void NoEndpoint(ILogger logger, string service, IPEndPoint listen);

        [LoggerMessage(3, LogLevel.Information, "Service {Service}: endpoint {Endpoint} did not take a connection ({Error}); trying the next ready one.")]
        public static partial void EndpointFailed(ILogger logger, string service, IPEndPoint endpoint, string error);

        [LoggerMessage(4, LogLevel.Warning, "Service {Service}: a proxied connection failed.")]
        public static partial void ConnectionFailed(ILogger logger, Exception exception, string service);
    }
}
