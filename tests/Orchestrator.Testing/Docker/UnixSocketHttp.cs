using System.Net.Sockets;

namespace Orchestrator.Testing.Docker;

/// <summary>An <see cref="HttpClient"/> that talks HTTP over a unix socket (the Docker Engine API's transport).</summary>
public static class UnixSocketHttp
{
    public static HttpClient Create(string socketPath, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri("http://docker/"), Timeout = timeout };
    }
}
