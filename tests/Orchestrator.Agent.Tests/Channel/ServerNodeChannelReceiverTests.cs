using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.Agent.Channel;
using Orchestrator.Agent.Tests.Support;
using Orchestrator.Core.Channels;
using Orchestrator.Messaging;
using Orchestrator.Messaging.ServiceBus;

namespace Orchestrator.Agent.Tests.Channel;

public sealed class ServerNodeChannelReceiverTests : IDisposable
{
    private const string Route = "GET /agent/v1/nodes/node-1/messages";

    private readonly AgentHarness _agent = new();
    private readonly ServerChannelCursor _cursor = new();
    private readonly Queue<string> _answers = new();

    public ServerNodeChannelReceiverTests()
    {
        _agent.Join();
        _agent.ControlPlane.On(Route, (_, _) => FakeControlPlane.Json(HttpStatusCode.OK, _answers.Dequeue()));
    }

    public void Dispose() => _agent.Dispose();

    [Fact]
    public async Task ReceiveAsync_FirstPoll_AsksAfterZeroForThirtySecondsAsTheNode()
    {
        _answers.Enqueue("""{"seq":5,"messages":[]}""");

        Assert.Empty(await Receiver().ReceiveAsync(CancellationToken.None));

        var request = Assert.Single(_agent.ControlPlane.Requests);
        Assert.Equal("?after=0&timeoutSeconds=30", request.Uri.Query);
        Assert.Equal("Bearer " + AgentHarness.Token, request.Authorization);
        Assert.Equal(5, _cursor.After);
    }

    [Fact]
    public async Task ReceiveAsync_Messages_ReturnsThemAndAcknowledgesThemOnTheNextPoll()
    {
        var receiver = Receiver();
        _answers.Enqueue($$$"""
            {"seq":12,"messages":[
              {"seq":11,"message":{"tenant":"acme","nodeName":"node-1","reason":"pods changed","sentAt":"2025-01-01T12:00:00Z"}},
              {"seq":12,"message":{{{NodeMessageCodec.Serialize(LogRequest())}}}}]}
            """);
        _answers.Enqueue("""{"seq":12,"messages":[]}""");

        var messages = await receiver.ReceiveAsync(CancellationToken.None);
        await receiver.ReceiveAsync(CancellationToken.None);

        Assert.Equal("pods changed", Assert.IsType<NodeNudge>(messages[0]).Reason);
        Assert.Equal(LogRequest(), Assert.IsType<LogRequest>(messages[1]));
        Assert.Equal("?after=12&timeoutSeconds=30", _agent.ControlPlane.Requests[^1].Uri.Query);
    }

    [Fact]
    public async Task ReceiveAsync_ServerSeqBelowTheAgents_ContinuesFromTheServers()
    {
        // The server restarted with a clock behind: it answered with everything pending and its own, lower number.
        _cursor.After = 900;
        var receiver = Receiver();
        _answers.Enqueue("""{"seq":7,"messages":[{"seq":7,"message":{"tenant":"acme","nodeName":"node-1","reason":"mailbox reopened","sentAt":"2025-01-01T12:00:00Z"}}]}""");
        _answers.Enqueue("""{"seq":7,"messages":[]}""");

        Assert.Single(await receiver.ReceiveAsync(CancellationToken.None));
        await receiver.ReceiveAsync(CancellationToken.None);

        Assert.Equal("?after=7&timeoutSeconds=30", _agent.ControlPlane.Requests[^1].Uri.Query);
    }

    [Fact]
    public async Task ReceiveAsync_UnknownOrIncompleteMessage_SkipsItAndKeepsTheOthers()
    {
        _answers.Enqueue("""
            {"seq":3,"messages":[
              {"seq":1,"message":{"kind":"futureKind","x":1}},
              {"seq":2,"message":{"tenant":"acme"}},
              {"seq":3,"message":{"tenant":"acme","nodeName":"node-1","reason":"pods changed","sentAt":"2025-01-01T12:00:00Z"}}]}
            """);

        var message = Assert.Single(await Receiver().ReceiveAsync(CancellationToken.None));

        Assert.IsType<NodeNudge>(message);
        Assert.Equal(3, _cursor.After);
    }

    [Fact]
    public async Task ReceiveAsync_RouteGone404_AsksForANewGrant()
    {
        _agent.ControlPlane.On(Route, HttpStatusCode.NotFound, FakeControlPlane.StatusJson(404, "NotFound", "this control plane keeps no node mailboxes"));

        await Assert.ThrowsAsync<ChannelGrantExpiredException>(() => Receiver().ReceiveAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("http://elsewhere.test/agent/v1/nodes/node-1/messages")]
    [InlineData("//elsewhere.test/agent/v1/nodes/node-1/messages")]
    [InlineData("/agent/v1/nodes/node-1/messages")]
    public void Constructor_AddressNotRelativeToTheServer_IsRefused(string address)
    {
        var grant = new NodeChannelGrant(NodeChannelKinds.Server, address, _agent.Time.GetUtcNow().AddHours(1));

        Assert.Throws<ArgumentException>(() => new ServerNodeChannelReceiver(grant, _agent.Api, _cursor, NullLogger.Instance));
    }

    [Fact]
    public async Task Create_RenewedServerGrant_KeepsTheCursorOfTheReceiverBefore()
    {
        var factory = new NodeChannelReceiverFactory(
            Options.Create(new NodeChannelOptions()),
            Options.Create(new ServiceBusNodeChannelOptions()),
            _agent.Api,
            _agent.Time,
            NullLogger<NodeChannelReceiverFactory>.Instance);
        _answers.Enqueue("""{"seq":40,"messages":[]}""");
        _answers.Enqueue("""{"seq":40,"messages":[]}""");

        await Assert.IsType<ServerNodeChannelReceiver>(factory.Create(Grant())).ReceiveAsync(CancellationToken.None);
        await factory.Create(Grant()).ReceiveAsync(CancellationToken.None);

        Assert.Equal("?after=40&timeoutSeconds=30", _agent.ControlPlane.Requests[^1].Uri.Query);
    }

    private NodeChannelGrant Grant() =>
        new(NodeChannelKinds.Server, "agent/v1/nodes/node-1/messages", _agent.Time.GetUtcNow().AddHours(24));

    private ServerNodeChannelReceiver Receiver() => new(Grant(), _agent.Api, _cursor, NullLogger.Instance);

    private LogRequest LogRequest() => new(
        "acme", "node-1", "r1", "default", "web", "uid-1", "app", 10, null, false, false,
        "agent/v1/nodes/node-1/logs/r1", new DateTimeOffset(2025, 1, 1, 12, 5, 0, TimeSpan.Zero));
}
