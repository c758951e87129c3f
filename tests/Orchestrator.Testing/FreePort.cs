using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Testing;

/// <summary>Picks TCP ports for servers started by tests.</summary>
public static class FreePort
{
    /// <summary>
    /// Returns a TCP port on 127.0.0.1 that was free a moment ago. Another process may take it before the caller
    /// binds it, so callers that start servers should retry with a new port when the bind fails.
    /// </summary>
    public static int Next()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
