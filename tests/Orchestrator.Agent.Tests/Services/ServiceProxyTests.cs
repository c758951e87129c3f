using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Agent.Nodes;
using Orchestrator.Agent.Services;
using Orchestrator.Agent.Tests.Support;

namespace Orchestrator.Agent.Tests.Services;

/// <summary>The proxy with real sockets, on loopback only: listeners on 127.96.0.x, backends on 127.0.0.1.</summary>
public sealed class ServiceProxyTests : IAsyncDisposable
{
    private readonly AgentHarness _agent = new();
    private readonly ServiceProxy _proxy;

    public ServiceProxyTests()
    {
        _proxy = new ServiceProxy(
            new ServiceTable(_agent.Paths, NullLogger<ServiceTable>.Instance),
            new NodeAddressResolver(_agent.WrappedOptions, _agent.Time),
            TimeProvider.System,
            NullLogger<ServiceProxy>.Instance,
            TimeSpan.FromSeconds(1));
    }

    public async ValueTask DisposeAsync()
    {
        await _proxy.StopAsync(CancellationToken.None);
        _proxy.Dispose();
        _agent.Dispose();
    }

    [Fact]
    public async Task Connections_TwoReadyEndpoints_AlternateBetweenThem()
    {
        await using var a = new EchoBackend("a");
        await using var b = new EchoBackend("b");
        var listen = FreeEndpoint("127.96.0.10");
        _proxy.Apply([Rule(listen, a.Endpoint, b.Endpoint)]);

        var names = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            using var client = await ConnectAsync(listen);
            names.Add(await ReadLineAsync(client));
        }

        Assert.Equal(["a", "b", "a", "b"], names);
    }

    [Fact]
    public async Task Connections_ClientIPAffinity_SameClientStaysOnOneEndpoint()
    {
        await using var a = new EchoBackend("a");
        await using var b = new EchoBackend("b");
        var listen = FreeEndpoint("127.96.0.18");
        _proxy.Apply([new ProxyRule(listen, "default/web:80", [a.Endpoint, b.Endpoint], TimeSpan.FromMinutes(10))]);

        var names = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            using var client = await ConnectAsync(listen);
            names.Add(await ReadLineAsync(client));
        }

        Assert.Single(names.Distinct());
    }

    [Fact]
    public async Task Connection_HalfClosedByClient_GetsEveryByteBackThenEndOfStream()
    {
        await using var a = new EchoBackend("a");
        var listen = FreeEndpoint("127.96.0.11");
        _proxy.Apply([Rule(listen, a.Endpoint)]);
        using var client = await ConnectAsync(listen);
        var payload = new string('x', 100_000);

        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(payload));
        client.Client.Shutdown(SocketShutdown.Send);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var all = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("a\n" + payload, all);
    }

    [Fact]
    public async Task Connections_DeadEndpointFirst_SkippedWithoutAFailedClientConnection()
    {
        await using var a = new EchoBackend("a");
        var listen = FreeEndpoint("127.96.0.12");
        _proxy.Apply([Rule(listen, EchoBackend.DeadEndpoint(), a.Endpoint)]);

        for (var i = 0; i < 4; i++)
        {
            using var client = await ConnectAsync(listen);
            Assert.Equal("a", await ReadLineAsync(client));
        }
    }

    [Fact]
    public async Task EndpointRemoved_OpenConnectionKeepsWorkingAndNewOnesAvoidIt()
    {
        await using var a = new EchoBackend("a");
        await using var b = new EchoBackend("b");
        var listen = FreeEndpoint("127.96.0.13");
        _proxy.Apply([Rule(listen, a.Endpoint, b.Endpoint)]);
        using var open = await ConnectAsync(listen);
        Assert.Equal("a", await ReadLineAsync(open));

        _proxy.Apply([Rule(listen, b.Endpoint)]);

        for (var i = 0; i < 3; i++)
        {
            using var client = await ConnectAsync(listen);
            Assert.Equal("b", await ReadLineAsync(client));
        }

        await open.GetStream().WriteAsync("still here\n"u8.ToArray());
        Assert.Equal("still here", await ReadLineAsync(open));
        Assert.Equal(1, a.Accepted);
    }

    [Fact]
    public async Task Apply_NoReadyEndpoint_ClientConnectionIsClosed()
    {
        var listen = FreeEndpoint("127.96.0.14");
        _proxy.Apply([Rule(listen)]);

        using var client = await ConnectAsync(listen);
        var read = await client.GetStream().ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, read);
    }

    [Fact]
    public async Task Apply_RuleRemovedOrPortInUse_ListenerClosesAndTheOthersKeepWorking()
    {
        await using var a = new EchoBackend("a");
        var kept = FreeEndpoint("127.96.0.15");
        var removed = FreeEndpoint("127.96.0.16");
        _proxy.Apply([Rule(kept, a.Endpoint), Rule(removed, a.Endpoint)]);
        Assert.Equal(2, _proxy.Listening.Count);

        using var squatter = new TcpListener(FreeEndpoint("127.96.0.17"));
        squatter.Start();
        var taken = (IPEndPoint)squatter.LocalEndpoint;
        _proxy.Apply([Rule(kept, a.Endpoint), Rule(taken, a.Endpoint)]);

        Assert.Equal([kept], _proxy.Listening);
        await Assert.ThrowsAsync<SocketException>(() => ConnectAsync(removed));
        using var client = await ConnectAsync(kept);
        Assert.Equal("a", await ReadLineAsync(client));
    }

    private static ProxyRule Rule(IPEndPoint listen, params IPEndPoint[] endpoints) =>
        new(listen, "default/web:80", endpoints, AffinityTimeout: null);

    private static IPEndPoint FreeEndpoint(string address)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
        return (IPEndPoint)socket.LocalEndPoint!;
    }

    private static async Task<TcpClient> ConnectAsync(IPEndPoint endpoint)
    {
        var client = new TcpClient();
        try
        {
            await client.ConnectAsync(endpoint).WaitAsync(TimeSpan.FromSeconds(10));
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task<string> ReadLineAsync(TcpClient client)
    {
        var line = new StringBuilder();
        var buffer = new byte[1];
        while (true)
        {
            var read = await client.GetStream().ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            if (read == 0 || buffer[0] == '\n')
            {
                return line.ToString();
            }

            line.Append((char)buffer[0]);
        }
    }
}
