using System.Net;
using System.Net.Sockets;
using Azure.Storage.Queues;
using Orchestrator.Testing;

namespace Orchestrator.Messaging.Tests;

/// <summary>Owns its Azurite (not the shared one) because it stops and restarts it.</summary>
public sealed class AzuriteFixtureTests
{
    [Fact]
    public async Task StopAsync_ThenStartAsync_KeepsPortsAndData()
    {
        using var azurite = new AzuriteFixture();
        await azurite.StartAsync();
        var ports = (azurite.BlobPort, azurite.QueuePort, azurite.TablePort);
        var queue = new QueueClient(azurite.ConnectionString, "survives-restart");
        await queue.CreateAsync();
        await queue.SendMessageAsync("kept");

        await azurite.StopAsync();
        Assert.False(azurite.IsRunning);
        await azurite.StartAsync();

        Assert.Equal(ports, (azurite.BlobPort, azurite.QueuePort, azurite.TablePort));
        var message = await new QueueClient(azurite.ConnectionString, "survives-restart").ReceiveMessageAsync();
        Assert.Equal("kept", message.Value?.MessageText);
    }

    [Fact]
    public async Task StartAsync_PortTakenWhileStopped_ThrowsWithAzuriteOutput()
    {
        using var azurite = new AzuriteFixture();
        await azurite.StartAsync();
        await azurite.StopAsync();
        using var squatter = new TcpListener(IPAddress.Loopback, azurite.QueuePort);
        squatter.Start();

        var ex = await Assert.ThrowsAsync<AzuriteStartException>(azurite.StartAsync);

        Assert.True(ex.PortInUse);
        Assert.Contains("EADDRINUSE", ex.Message, StringComparison.Ordinal);
        Assert.False(azurite.IsRunning);
    }

    [Fact]
    public async Task Dispose_RunningAzurite_KillsProcessAndDeletesData()
    {
        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        var dataDirectory = azurite.DataDirectory;
        var queuePort = azurite.QueuePort;
        Assert.True(Directory.Exists(dataDirectory));
        Assert.True(azurite.IsRunning);

        azurite.Dispose();

        Assert.False(Directory.Exists(dataDirectory));
        Assert.False(azurite.IsRunning);
        using var client = new TcpClient();
        await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, queuePort));
    }
}
