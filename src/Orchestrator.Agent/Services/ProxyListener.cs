using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Agent.Services;

/// <summary>
/// One TCP listener of the proxy: accepts connections on a Service's address and copies each one, both ways, to an
/// endpoint the <see cref="ServiceBalancer"/> chooses, trying the next ready endpoint when one refuses or does not
/// answer within the connect timeout. Disposing it stops accepting; connections already open finish on their own
/// (draining) unless the proxy shuts down.
/// </summary>
internal sealed partial class ProxyListener : IDisposable
{
    /// <summary>Bytes a connection buffers per direction: reading waits until the other side took the last chunk.</summary>
    internal const int BufferSize = 16 * 1024;

    private readonly Socket _socket;
    private readonly TimeSpan _connectTimeout;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _accepting;
    private readonly CancellationToken _shutdown;
    private readonly ConcurrentDictionary<Task, byte> _connections;
    private Task _acceptLoop = Task.CompletedTask;

    private ProxyListener(Socket socket, ProxyRule rule, ServiceBalancer balancer, TimeSpan connectTimeout, ConcurrentDictionary<Task, byte> connections, ILogger logger, CancellationToken shutdown)
    {
        _socket = socket;
        Rule = rule;
        Balancer = balancer;
        _connectTimeout = connectTimeout;
        _connections = connections;
        _logger = logger;
        _shutdown = shutdown;
        _accepting = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
    }

    public ProxyRule Rule { get; private set; }

    public ServiceBalancer Balancer { get; }

    public IPEndPoint Listen => Rule.Listen;

    /// <summary>Binds and starts accepting.</summary>
    /// <param name="rule">What to listen on and where to send.</param>
    /// <param name="time">The clock of the affinity timeouts.</param>
    /// <param name="connectTimeout">How long an endpoint may take to accept before the next is tried.</param>
    /// <param name="connections">Where open connections are tracked, so shutdown can wait for them.</param>
    /// <param name="logger">The proxy's logger.</param>
    /// <param name="shutdown">Cancelled when the proxy stops: ends every connection.</param>
    /// <exception cref="SocketException">The address cannot be bound (in use, not local).</exception>
    public static ProxyListener Start(ProxyRule rule, TimeProvider time, TimeSpan connectTimeout, ConcurrentDictionary<Task, byte> connections, ILogger logger, CancellationToken shutdown)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var socket = new Socket(rule.Listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Lets a changed Service rebind at once while closed connections linger in TIME_WAIT.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(rule.Listen);
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var balancer = new ServiceBalancer(time);
        balancer.Update(rule.Endpoints, rule.AffinityTimeout);
        var listener = new ProxyListener(socket, rule, balancer, connectTimeout, connections, logger, shutdown);
        listener._acceptLoop = listener.AcceptAsync();
        return listener;
    }

    /// <summary>Takes a changed rule for the same address: new connections follow it, open ones are left alone.</summary>
    public void Update(ProxyRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        Rule = rule;
        Balancer.Update(rule.Endpoints, rule.AffinityTimeout);
    }

    public void Dispose()
    {
        _accepting.Cancel();
        _socket.Dispose();
        _accepting.Dispose();
    }

    private async Task AcceptAsync()
    {
        var token = _accepting.Token;
        while (!token.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // A client that reset before being accepted: nothing to do but keep accepting.
                Log.AcceptFailed(_logger, Rule.Service, Listen, ex.SocketErrorCode);
                continue;
            }

            var connection = HandleAsync(client);
            _connections.TryAdd(connection, 0);
            _ = connection.ContinueWith(static (done, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(done, out _), _connections, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task HandleAsync(Socket client)
    {
        await Task.Yield();
        using (client)
        {
            try
            {
                client.NoDelay = true;
                var clientAddress = (client.RemoteEndPoint as IPEndPoint)?.Address;
                using var upstream = await ConnectAsync(clientAddress);
                if (upstream is null)
                {
                    Log.NoEndpoint(_logger, Rule.Service, Listen);
                    return;
                }

                using var connection = CancellationTokenSource.CreateLinkedTokenSource(_shutdown);
                await Task.WhenAll(PumpAsync(client, upstream, connection), PumpAsync(upstream, client, connection));
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                // The proxy is stopping or a side went away: the connection ends.
            }
            catch (Exception ex)
            {
                Log.ConnectionFailed(_logger, ex, Rule.Service);
            }
        }
    }

    private async Task<Socket?> ConnectAsync(IPAddress? client)
    {
        foreach (var endpoint in Balancer.Candidates(client))
        {
            var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_shutdown);
            timeout.CancelAfter(_connectTimeout);
            try
            {
                await socket.ConnectAsync(endpoint, timeout.Token);
                Balancer.Connected(client, endpoint);
                return socket;
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                Log.EndpointFailed(_logger, Rule.Service, endpoint, ex.SocketErrorCode.ToString());
            }
            catch (OperationCanceledException) when (!_shutdown.IsCancellationRequested)
            {
                socket.Dispose();
                Log.EndpointFailed(_logger, Rule.Service, endpoint, "TimedOut");
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        return null;
    }

    /// <summary>Copies one direction; at its end of stream half-closes the other side, on an error ends both directions.</summary>
    private static async Task PumpAsync(Socket from, Socket to, CancellationTokenSource connection)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer.AsMemory(0, BufferSize), SocketFlags.None, connection.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                var sent = 0;
                while (sent < read)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, connection.Token);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            await connection.CancelAsync();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
