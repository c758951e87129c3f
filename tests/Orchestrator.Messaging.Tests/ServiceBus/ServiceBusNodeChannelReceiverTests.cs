using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Moq;
using Orchestrator.Core.Channels;
using Orchestrator.Messaging.ServiceBus;

namespace Orchestrator.Messaging.Tests.ServiceBus;

public sealed class ServiceBusNodeChannelReceiverTests
{
    private const string QueueName = "orch-node-0123456789abcdef0123456789abcdef01234567";

    private static readonly NodeChannelOptions Options = new() { PollInterval = TimeSpan.FromSeconds(3) };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly Mock<ServiceBusClient> _client = new();
    private readonly Mock<ServiceBusReceiver> _receiver = new();
    private readonly List<ServiceBusReceivedMessage> _completed = [];
    private readonly List<ServiceBusReceivedMessage> _abandoned = [];
    private readonly List<(ServiceBusReceivedMessage Message, string Reason)> _deadLettered = [];

    public ServiceBusNodeChannelReceiverTests()
    {
        _client
            .Setup(c => c.CreateReceiver(QueueName, It.Is<ServiceBusReceiverOptions>(o => o.ReceiveMode == ServiceBusReceiveMode.PeekLock)))
            .Returns(_receiver.Object);
        _receiver
            .Setup(r => r.CompleteMessageAsync(It.IsAny<ServiceBusReceivedMessage>(), It.IsAny<CancellationToken>()))
            .Returns((ServiceBusReceivedMessage m, CancellationToken _) =>
            {
                _completed.Add(m);
                return Task.CompletedTask;
            });
        _receiver
            .Setup(r => r.AbandonMessageAsync(
                It.IsAny<ServiceBusReceivedMessage>(), It.IsAny<IDictionary<string, object>>(), It.IsAny<CancellationToken>()))
            .Returns((ServiceBusReceivedMessage m, IDictionary<string, object> _, CancellationToken _) =>
            {
                _abandoned.Add(m);
                return Task.CompletedTask;
            });
        _receiver
            .Setup(r => r.DeadLetterMessageAsync(
                It.IsAny<ServiceBusReceivedMessage>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((ServiceBusReceivedMessage m, string reason, string _, CancellationToken _) =>
            {
                _deadLettered.Add((m, reason));
                return Task.CompletedTask;
            });
    }

    [Fact]
    public async Task ReceiveAsync_NudgeWaiting_ReturnsItAndCompletesIt()
    {
        var nudge = Nudge("pod bound");
        var message = Message(NodeMessageCodec.Serialize(nudge));
        Returns(message);

        var received = await CreateReceiver().ReceiveAsync(CancellationToken.None);

        Assert.Equal([nudge], received);
        Assert.Equal([message], _completed);
        Assert.Empty(_abandoned);
    }

    [Fact]
    public async Task ReceiveAsync_LogRequestWaiting_ReturnsIt()
    {
        var request = new LogRequest(
            "acme", "node-a", "req-1", "default", "web", "uid-1", "app", null, 60, true, false,
            "https://account.blob.core.windows.net/logs/req-1?sig=x", _time.GetUtcNow().AddMinutes(1));
        Returns(Message(NodeMessageCodec.Serialize(request)));

        var received = await CreateReceiver().ReceiveAsync(CancellationToken.None);

        Assert.Equal([request], received);
    }

    [Fact]
    public async Task ReceiveAsync_NothingWaiting_WaitsThePollIntervalOnTheServerAndReturnsEmpty()
    {
        Returns();

        var received = await CreateReceiver().ReceiveAsync(CancellationToken.None);

        Assert.Empty(received);
        _receiver.Verify(r => r.ReceiveMessagesAsync(It.IsAny<int>(), Options.PollInterval, It.IsAny<CancellationToken>()));
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"kind\":\"somethingNew\"}")]
    [InlineData("{\"tenant\":\"acme\"}")]
    public async Task ReceiveAsync_MalformedMessage_DeadLettersItAndReturnsTheRest(string body)
    {
        var nudge = Nudge("pod bound");
        var malformed = Message(body);
        var good = Message(NodeMessageCodec.Serialize(nudge));
        Returns(malformed, good);

        var received = await CreateReceiver().ReceiveAsync(CancellationToken.None);

        Assert.Equal([nudge], received);
        var deadLettered = Assert.Single(_deadLettered);
        Assert.Same(malformed, deadLettered.Message);
        Assert.Equal(ServiceBusNodeChannelReceiver.MalformedReason, deadLettered.Reason);
        Assert.Equal([good], _completed);
    }

    [Fact]
    public async Task ReceiveAsync_LockLostOnComplete_ReturnsEveryNudgeAndCompletesTheOthers()
    {
        var first = Message(NodeMessageCodec.Serialize(Nudge("one")));
        var second = Message(NodeMessageCodec.Serialize(Nudge("two")));
        Returns(first, second);
        _receiver
            .Setup(r => r.CompleteMessageAsync(first, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ServiceBusException("lock lost", ServiceBusFailureReason.MessageLockLost, QueueName));

        var received = await CreateReceiver().ReceiveAsync(CancellationToken.None);

        Assert.Equal(["one", "two"], received.Cast<NodeNudge>().Select(n => n.Reason));
        Assert.Equal([second], _completed);
        Assert.Empty(_abandoned);
    }

    [Fact]
    public async Task ReceiveAsync_LockLostOnDeadLetter_DoesNotThrow()
    {
        Returns(Message("garbage"));
        _receiver
            .Setup(r => r.DeadLetterMessageAsync(
                It.IsAny<ServiceBusReceivedMessage>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ServiceBusException("lock lost", ServiceBusFailureReason.MessageLockLost, QueueName));

        var received = await CreateReceiver().ReceiveAsync(CancellationToken.None);

        Assert.Empty(received);
    }

    [Fact]
    public async Task ReceiveAsync_CallerCancelsDuringHandOver_AbandonsTheMessagesInsteadOfCompleting()
    {
        using var cancellation = new CancellationTokenSource();
        var first = Message(NodeMessageCodec.Serialize(Nudge("one")));
        var second = Message(NodeMessageCodec.Serialize(Nudge("two")));
        _receiver
            .Setup(r => r.ReceiveMessagesAsync(It.IsAny<int>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() =>
            {
                // The agent is stopping just as the messages arrive.
                cancellation.Cancel();
                return [first, second];
            });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CreateReceiver().ReceiveAsync(cancellation.Token));

        Assert.Empty(_completed);
        Assert.Equal([first, second], _abandoned);
    }

    [Fact]
    public async Task ReceiveAsync_CompleteFailsUnexpectedly_AbandonsWhatWasNotSettledAndThrows()
    {
        var first = Message(NodeMessageCodec.Serialize(Nudge("one")));
        var second = Message(NodeMessageCodec.Serialize(Nudge("two")));
        var third = Message(NodeMessageCodec.Serialize(Nudge("three")));
        Returns(first, second, third);
        var failure = new ServiceBusException(isTransient: false, "quota", QueueName, ServiceBusFailureReason.QuotaExceeded);
        _receiver.Setup(r => r.CompleteMessageAsync(second, It.IsAny<CancellationToken>())).ThrowsAsync(failure);

        var thrown = await Assert.ThrowsAsync<ServiceBusException>(() => CreateReceiver().ReceiveAsync(CancellationToken.None));

        Assert.Same(failure, thrown);
        Assert.Equal([first], _completed);
        Assert.Equal([second, third], _abandoned);
    }

    [Fact]
    public async Task ReceiveAsync_TransientError_RetriesAfterBackOffAndReturnsTheNudge()
    {
        var nudge = Nudge("pod bound");
        _receiver
            .SetupSequence(r => r.ReceiveMessagesAsync(It.IsAny<int>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ServiceBusException("busy", ServiceBusFailureReason.ServiceBusy, QueueName))
            .ReturnsAsync([Message(NodeMessageCodec.Serialize(nudge))]);

        var receiving = CreateReceiver().ReceiveAsync(CancellationToken.None);

        Assert.False(receiving.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        var received = await receiving.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([nudge], received);
        _receiver.Verify(
            r => r.ReceiveMessagesAsync(It.IsAny<int>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()),
            Times.Exactly(2));
    }

    [Fact]
    public async Task ReceiveAsync_TransientErrorPersists_ThrowsAfterTheLastAttempt()
    {
        var outage = new ServiceBusException("down", ServiceBusFailureReason.ServiceCommunicationProblem, QueueName);
        _receiver
            .Setup(r => r.ReceiveMessagesAsync(It.IsAny<int>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(outage);

        var receiving = CreateReceiver().ReceiveAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(2));

        var thrown = await Assert.ThrowsAsync<ServiceBusException>(() => receiving.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Same(outage, thrown);
        _receiver.Verify(
            r => r.ReceiveMessagesAsync(It.IsAny<int>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()),
            Times.Exactly(ServiceBusNodeChannelReceiver.MaxReceiveAttempts));
    }

    [Fact]
    public async Task ReceiveAsync_Unauthorized_ThrowsChannelGrantExpired()
    {
        _receiver
            .Setup(r => r.ReceiveMessagesAsync(It.IsAny<int>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new UnauthorizedAccessException("ExpiredToken: the token is expired"));

        var ex = await Assert.ThrowsAsync<ChannelGrantExpiredException>(() => CreateReceiver().ReceiveAsync(CancellationToken.None));

        Assert.IsType<UnauthorizedAccessException>(ex.InnerException);
        Assert.Contains(QueueName, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceiveAsync_QueueDeleted_ThrowsChannelGrantExpired()
    {
        _receiver
            .Setup(r => r.ReceiveMessagesAsync(It.IsAny<int>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ServiceBusException("gone", ServiceBusFailureReason.MessagingEntityNotFound, QueueName));

        await Assert.ThrowsAsync<ChannelGrantExpiredException>(() => CreateReceiver().ReceiveAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ReceiveAsync_UnauthorizedOnComplete_ThrowsChannelGrantExpired()
    {
        Returns(Message(NodeMessageCodec.Serialize(Nudge("one"))));
        _receiver
            .Setup(r => r.CompleteMessageAsync(It.IsAny<ServiceBusReceivedMessage>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new UnauthorizedAccessException("expired"));

        await Assert.ThrowsAsync<ChannelGrantExpiredException>(() => CreateReceiver().ReceiveAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(false, ServiceBusTransportType.AmqpTcp)]
    [InlineData(true, ServiceBusTransportType.AmqpWebSockets)]
    public async Task Constructor_UseWebSockets_SetsTheTransport(bool useWebSockets, ServiceBusTransportType expected)
    {
        await using var receiver = new ServiceBusNodeChannelReceiver(
            Grant(),
            Options,
            new ServiceBusNodeChannelOptions { UseWebSockets = useWebSockets },
            _time,
            NullLogger.Instance);

        Assert.Equal(expected, receiver.TransportType);
        Assert.Equal(QueueName, receiver.QueueName);
    }

    [Theory]
    [InlineData("not a connection string")]
    [InlineData("Endpoint=sb://orch-test.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=a2V5;EntityPath=q")]
    [InlineData("Endpoint=sb://orch-test.servicebus.windows.net/;SharedAccessSignature=SharedAccessSignature sr=x&sig=y&se=1&skn=z")]
    public void Constructor_AddressWithoutQueueScopedToken_ThrowsWithoutEchoingIt(string address)
    {
        var grant = new NodeChannelGrant(NodeChannelKinds.ServiceBus, address, DateTimeOffset.UnixEpoch);

        var ex = Assert.Throws<ArgumentException>(() => new ServiceBusNodeChannelReceiver(
            grant, Options, new ServiceBusNodeChannelOptions(), _time, NullLogger.Instance));

        Assert.DoesNotContain(address, ex.Message, StringComparison.Ordinal);
    }

    internal static NodeChannelGrant Grant() => new(
        NodeChannelKinds.ServiceBus,
        ServiceBusGrantAddress.Create(
            ServiceBusNamespaceMock.Namespace,
            QueueName,
            ServiceBusSharedAccessSignature.Create(
                ServiceBusSharedAccessSignature.ResourceFor(ServiceBusNamespaceMock.Namespace, QueueName),
                ServiceBusNodeChannel.AgentRuleName,
                "a2V5",
                DateTimeOffset.UtcNow.AddHours(1))),
        DateTimeOffset.UtcNow.AddHours(1));

    private static ServiceBusReceivedMessage Message(string body) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromString(body),
            messageId: Guid.NewGuid().ToString("N"),
            deliveryCount: 1,
            lockTokenGuid: Guid.NewGuid());

    private NodeNudge Nudge(string reason) => new("acme", "node-a", reason, _time.GetUtcNow());

    private void Returns(params ServiceBusReceivedMessage[] messages) =>
        _receiver
            .Setup(r => r.ReceiveMessagesAsync(It.IsAny<int>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(messages);

    private ServiceBusNodeChannelReceiver CreateReceiver() => new(
        _client.Object, QueueName, Options, new ServiceBusNodeChannelOptions(), _time, NullLogger.Instance);
}
