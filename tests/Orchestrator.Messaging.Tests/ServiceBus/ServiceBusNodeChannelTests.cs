using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Core.Channels;
using Orchestrator.Messaging.ServiceBus;

namespace Orchestrator.Messaging.Tests.ServiceBus;

public sealed class ServiceBusNodeChannelTests
{
    private const string Tenant = "acme";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 2, 3, 4, 5, 678, TimeSpan.Zero));
    private readonly ServiceBusNamespaceMock _namespace = new();

    [Fact]
    public async Task ProvisionAsync_NewNode_CreatesQueueWithListenOnlyRuleAndDuplicateDetection()
    {
        var channel = CreateChannel();

        await channel.ProvisionAsync(Tenant, "node-a", CancellationToken.None);

        var created = Assert.Single(_namespace.Created);
        Assert.Equal(channel.QueueNameFor(Tenant, "node-a"), created.Name);
        Assert.True(created.RequiresDuplicateDetection);
        Assert.False(created.RequiresSession);
        var rule = Assert.IsType<SharedAccessAuthorizationRule>(Assert.Single(created.AuthorizationRules));
        Assert.Equal(ServiceBusNodeChannel.AgentRuleName, rule.KeyName);
        Assert.Equal([AccessRights.Listen], rule.Rights);
    }

    [Fact]
    public async Task ProvisionAsync_Twice_CreatesQueueOnceAndSignsWithTheSameKey()
    {
        var channel = CreateChannel();

        var first = await channel.ProvisionAsync(Tenant, "node-a", CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(1));
        var second = await channel.ProvisionAsync(Tenant, "node-a", CancellationToken.None);

        Assert.Single(_namespace.Created);
        var key = AgentKey(channel.QueueNameFor(Tenant, "node-a"));
        Assert.True(ServiceBusSharedAccessSignatureTests.IsValidSignature(Token(first), key));
        Assert.True(ServiceBusSharedAccessSignatureTests.IsValidSignature(Token(second), key));
        Assert.True(second.ExpiresOn > first.ExpiresOn);
    }

    [Fact]
    public async Task ProvisionAsync_Grant_IsListenOnlyTokenForTheNodeQueueThatExpires()
    {
        var channel = CreateChannel();

        var grant = await channel.ProvisionAsync(Tenant, "node-a", CancellationToken.None);

        var queueName = channel.QueueNameFor(Tenant, "node-a");
        var address = ServiceBusConnectionStringProperties.Parse(grant.Address);
        Assert.Equal(NodeChannelKinds.ServiceBus, grant.Kind);
        Assert.Equal(ServiceBusNamespaceMock.Namespace, address.FullyQualifiedNamespace);
        Assert.Equal(queueName, address.EntityPath);
        Assert.Null(address.SharedAccessKey);
        Assert.Null(address.SharedAccessKeyName);

        // Default lifetime 24 h, on whole seconds, and the token says the same.
        var expected = new DateTimeOffset(2030, 1, 3, 3, 4, 5, TimeSpan.Zero);
        Assert.Equal(expected, grant.ExpiresOn);
        var fields = ServiceBusSharedAccessSignatureTests.Fields(address.SharedAccessSignature);
        Assert.Equal(expected.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), fields["se"]);
        Assert.Equal(ServiceBusNodeChannel.AgentRuleName, fields["skn"]);
        Assert.Equal($"https://{ServiceBusNamespaceMock.Namespace}/{queueName}", Uri.UnescapeDataString(fields["sr"]));
        Assert.True(ServiceBusSharedAccessSignatureTests.IsValidSignature(address.SharedAccessSignature, AgentKey(queueName)));
        Assert.DoesNotContain(AgentKey(queueName), grant.Address, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProvisionAsync_TwoNodes_GrantForNodeANamesAndOpensOnlyNodeAQueue()
    {
        var channel = CreateChannel();

        var grantA = await channel.ProvisionAsync(Tenant, "node-a", CancellationToken.None);
        await channel.ProvisionAsync(Tenant, "node-b", CancellationToken.None);

        var queueA = channel.QueueNameFor(Tenant, "node-a");
        var queueB = channel.QueueNameFor(Tenant, "node-b");
        Assert.NotEqual(queueA, queueB);
        Assert.DoesNotContain(queueB, grantA.Address, StringComparison.OrdinalIgnoreCase);
        Assert.True(ServiceBusSharedAccessSignatureTests.IsValidSignature(Token(grantA), AgentKey(queueA)));

        // Node B's queue has its own key: node A's token does not verify against it.
        Assert.NotEqual(AgentKey(queueA), AgentKey(queueB));
        Assert.False(ServiceBusSharedAccessSignatureTests.IsValidSignature(Token(grantA), AgentKey(queueB)));
    }

    [Fact]
    public async Task ProvisionAsync_QueueWithoutAgentRule_AddsTheRule()
    {
        var channel = CreateChannel();
        var queueName = channel.QueueNameFor(Tenant, "node-a");
        _namespace.Queues[queueName] = ServiceBusModelFactory.QueueProperties(
            queueName, TimeSpan.FromSeconds(30), 1024, true, false, TimeSpan.FromHours(1), TimeSpan.MaxValue, false,
            TimeSpan.FromMinutes(1), 10, true, EntityStatus.Active, null, null, string.Empty, false);

        var grant = await channel.ProvisionAsync(Tenant, "node-a", CancellationToken.None);

        Assert.Empty(_namespace.Created);
        Assert.True(ServiceBusSharedAccessSignatureTests.IsValidSignature(Token(grant), AgentKey(queueName)));
    }

    [Fact]
    public async Task NudgeAsync_JoinedNode_SendsJsonWithTimeToLiveAndContentMessageId()
    {
        var channel = CreateChannel(new NodeChannelOptions { NudgeTimeToLive = TimeSpan.FromMinutes(5) });
        await channel.ProvisionAsync(Tenant, "node-a", CancellationToken.None);
        var nudge = new NodeNudge(Tenant, "node-a", "pod bound", WholeSecondsNow());

        await channel.NudgeAsync(nudge, CancellationToken.None);

        var sent = Assert.Single(_namespace.Sent[channel.QueueNameFor(Tenant, "node-a")]);
        Assert.Equal(nudge, NodeMessageCodec.Deserialize(sent.Body.ToMemory().Span));
        Assert.Equal(TimeSpan.FromMinutes(5), sent.TimeToLive);
        Assert.Equal("application/json", sent.ContentType);
        Assert.Equal(ServiceBusNodeChannel.MessageIdFor(NodeMessageCodec.Serialize(nudge)), sent.MessageId);
    }

    [Fact]
    public async Task NudgeAsync_SameNudgeTwice_CarriesTheSameMessageIdForDuplicateDetection()
    {
        var channel = CreateChannel();
        await channel.ProvisionAsync(Tenant, "node-a", CancellationToken.None);
        var nudge = new NodeNudge(Tenant, "node-a", "pod bound", _time.GetUtcNow());

        await channel.NudgeAsync(nudge, CancellationToken.None);
        await channel.NudgeAsync(nudge, CancellationToken.None);
        await channel.NudgeAsync(nudge with { SentAt = _time.GetUtcNow().AddSeconds(1) }, CancellationToken.None);

        var ids = _namespace.Sent[channel.QueueNameFor(Tenant, "node-a")].Select(m => m.MessageId).ToList();
        Assert.Equal(ids[0], ids[1]);
        Assert.NotEqual(ids[0], ids[2]);
    }

    [Fact]
    public async Task NudgeAsync_EachNode_GoesToItsOwnQueue()
    {
        var channel = CreateChannel();
        await channel.ProvisionAsync(Tenant, "node-a", CancellationToken.None);
        await channel.ProvisionAsync(Tenant, "node-b", CancellationToken.None);

        await channel.NudgeAsync(new NodeNudge(Tenant, "node-b", "r", _time.GetUtcNow()), CancellationToken.None);

        Assert.False(_namespace.Sent.ContainsKey(channel.QueueNameFor(Tenant, "node-a")));
        var sent = Assert.Single(_namespace.Sent[channel.QueueNameFor(Tenant, "node-b")]);
        Assert.Equal("node-b", Assert.IsType<NodeNudge>(NodeMessageCodec.Deserialize(sent.Body.ToMemory().Span)).NodeName);
    }

    [Fact]
    public async Task NudgeAsync_NodeNotJoined_DropsWithoutThrowing()
    {
        var channel = CreateChannel();

        await channel.NudgeAsync(new NodeNudge(Tenant, "never-joined", "r", _time.GetUtcNow()), CancellationToken.None);

        Assert.Empty(_namespace.Sent);
    }

    [Fact]
    public async Task SendLogRequestAsync_JoinedNode_LivesUntilTheUploadUrlExpires()
    {
        var channel = CreateChannel();
        await channel.ProvisionAsync(Tenant, "node-a", CancellationToken.None);
        var request = new LogRequest(
            Tenant, "node-a", "req-1", "default", "web", "uid-1", "app", 100, null, false, false,
            "https://account.blob.core.windows.net/logs/req-1?sig=x", WholeSecondsNow().AddMinutes(2));

        await channel.SendLogRequestAsync(request, CancellationToken.None);

        var sent = Assert.Single(_namespace.Sent[channel.QueueNameFor(Tenant, "node-a")]);
        Assert.Equal(request, NodeMessageCodec.Deserialize(sent.Body.ToMemory().Span));
        Assert.Equal(request.ExpiresOn - _time.GetUtcNow(), sent.TimeToLive);
    }

    [Fact]
    public async Task DeleteAsync_ProvisionedNode_RemovesQueueAndLaterNudgesAreDropped()
    {
        var channel = CreateChannel();
        await channel.ProvisionAsync(Tenant, "node-a", CancellationToken.None);

        await channel.DeleteAsync(Tenant, "node-a", CancellationToken.None);
        await channel.DeleteAsync(Tenant, "node-a", CancellationToken.None);
        await channel.NudgeAsync(new NodeNudge(Tenant, "node-a", "r", _time.GetUtcNow()), CancellationToken.None);

        Assert.Empty(_namespace.Queues);
        Assert.Empty(_namespace.Sent);
    }

    [Theory]
    [InlineData(false, ServiceBusTransportType.AmqpTcp)]
    [InlineData(true, ServiceBusTransportType.AmqpWebSockets)]
    public async Task Constructor_UseWebSockets_SetsTheTransport(bool useWebSockets, ServiceBusTransportType expected)
    {
        await using var channel = new ServiceBusNodeChannel(
            $"Endpoint=sb://{ServiceBusNamespaceMock.Namespace}/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=a2V5",
            Options.Create(new NodeChannelOptions()),
            Options.Create(new ServiceBusNodeChannelOptions { UseWebSockets = useWebSockets }),
            _time,
            NullLogger<ServiceBusNodeChannel>.Instance);

        Assert.Equal(expected, channel.TransportType);
    }

    // The wire carries times in whole seconds (Kubernetes time format).
    private DateTimeOffset WholeSecondsNow() => DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds());

    private static string Token(NodeChannelGrant grant) =>
        ServiceBusConnectionStringProperties.Parse(grant.Address).SharedAccessSignature;

    private string AgentKey(string queueName) =>
        _namespace.Queues[queueName].AuthorizationRules
            .OfType<SharedAccessAuthorizationRule>()
            .Single(r => r.KeyName == ServiceBusNodeChannel.AgentRuleName)
            .PrimaryKey;

    private ServiceBusNodeChannel CreateChannel(NodeChannelOptions? options = null) => new(
        _namespace.Client.Object,
        _namespace.Administration.Object,
        Options.Create(options ?? new NodeChannelOptions()),
        Options.Create(new ServiceBusNodeChannelOptions()),
        _time,
        NullLogger<ServiceBusNodeChannel>.Instance);
}
