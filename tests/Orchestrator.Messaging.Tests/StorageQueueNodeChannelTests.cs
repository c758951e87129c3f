using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Sas;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Core.Channels;
using Orchestrator.Core.NodeApi;
using Orchestrator.Testing;

namespace Orchestrator.Messaging.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class StorageQueueNodeChannelTests(AzuriteFixture azurite)
{
    private static readonly NodeChannelOptions Options = new() { PollInterval = TimeSpan.FromMilliseconds(50) };

    private readonly string _tenant = "t-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task ProvisionAsync_NewNode_ReturnsReceiveOnlyGrantForTheNodeQueue()
    {
        var channel = CreateChannel();

        var grant = await channel.ProvisionAsync(_tenant, "node-a", CancellationToken.None);

        var expectedName = "orch-node-" + Convert.ToHexStringLower(
            SHA256.HashData(Encoding.UTF8.GetBytes($"{_tenant}/node-a")))[..40];
        var address = new Uri(grant.Address);
        Assert.Equal(NodeChannelKinds.StorageQueue, grant.Kind);
        Assert.EndsWith("/" + expectedName, address.AbsolutePath, StringComparison.Ordinal);
        Assert.Contains("sp=rp", address.Query, StringComparison.Ordinal);
        Assert.True(await Admin().GetQueueClient(expectedName).ExistsAsync());
    }

    [Fact]
    public async Task ProvisionAsync_DefaultLifetime_GrantExpiresAfter24HoursOnWholeSeconds()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, 678, TimeSpan.Zero));
        var channel = CreateChannel(new NodeChannelOptions(), time);

        var grant = await channel.ProvisionAsync(_tenant, "node-a", CancellationToken.None);

        Assert.Equal(new DateTimeOffset(2030, 1, 3, 3, 4, 5, TimeSpan.Zero), grant.ExpiresOn);
        Assert.Contains("se=2030-01-03T03%3A04%3A05Z", grant.Address, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceiveAsync_AfterNudge_ReturnsNudgeAndRemovesIt()
    {
        var channel = CreateChannel();
        var grant = await channel.ProvisionAsync(_tenant, "node-a", CancellationToken.None);
        var nudge = Nudge("node-a", "pod bound");
        await channel.NudgeAsync(nudge, CancellationToken.None);
        var receiver = CreateReceiver(grant);

        var received = await receiver.ReceiveAsync(CancellationToken.None);

        Assert.Equal([nudge], received);
        Assert.Empty(await ReceiveAllAsync(receiver));
        var peeked = await Admin().GetQueueClient(channel.QueueNameFor(_tenant, "node-a")).PeekMessagesAsync(32);
        Assert.Empty(peeked.Value);
    }

    [Fact]
    public async Task ReceiveAsync_DuplicatedNudgesBeyondOneBatch_DrainsThemAll()
    {
        var channel = CreateChannel();
        var grant = await channel.ProvisionAsync(_tenant, "node-a", CancellationToken.None);
        var nudge = Nudge("node-a", "generation 7");
        for (var i = 0; i < 45; i++)
        {
            await channel.NudgeAsync(nudge, CancellationToken.None);
        }

        var receiver = CreateReceiver(grant);
        var first = await receiver.ReceiveAsync(CancellationToken.None);
        var rest = await ReceiveAllAsync(receiver);

        Assert.Equal(StorageQueueNodeChannelReceiver.MaxMessagesPerReceive, first.Count);
        Assert.Equal(45, first.Count + rest.Count);
        Assert.All(first.Concat(rest), n => Assert.Equal(nudge, n));
        var peeked = await Admin().GetQueueClient(channel.QueueNameFor(_tenant, "node-a")).PeekMessagesAsync(32);
        Assert.Empty(peeked.Value);
    }

    [Fact]
    public async Task ReceiveAsync_EmptyQueue_WaitsPollIntervalThenReturnsEmpty()
    {
        var channel = CreateChannel();
        var grant = await channel.ProvisionAsync(_tenant, "node-a", CancellationToken.None);
        var time = new FakeTimeProvider();
        var receiver = NodeChannelReceivers.Create(
            grant, new NodeChannelOptions { PollInterval = TimeSpan.FromSeconds(5) }, time, NullLogger.Instance);

        var receive = receiver.ReceiveAsync(CancellationToken.None);

        // The request returns at once; the receiver then waits on the injected clock.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(receive.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(await receive.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task ReceiveAsync_MalformedMessages_SkipsAndDeletesThem()
    {
        var channel = CreateChannel();
        var grant = await channel.ProvisionAsync(_tenant, "node-a", CancellationToken.None);
        var queue = Admin().GetQueueClient(channel.QueueNameFor(_tenant, "node-a"));
        await queue.SendMessageAsync("not json at all");
        await queue.SendMessageAsync("{}");
        await queue.SendMessageAsync("""{"tenant":"x","nodeName":"y","reason":"z","sentAt":"2030-01-01T00:00:00Z","extra":1}""");
        await queue.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes("{}")));
        var nudge = Nudge("node-a", "valid");
        await channel.NudgeAsync(nudge, CancellationToken.None);
        var receiver = CreateReceiver(grant);

        var received = await ReceiveAllAsync(receiver);

        Assert.Equal([nudge], received);
        Assert.Empty((await queue.PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task NudgeAsync_ProvisionedNode_SendsPlainJsonThatExpiresAfterTimeToLive()
    {
        var channel = CreateChannel();
        await channel.ProvisionAsync(_tenant, "node-a", CancellationToken.None);
        var nudge = Nudge("node-a", "plain");

        await channel.NudgeAsync(nudge, CancellationToken.None);

        var message = (await Admin().GetQueueClient(channel.QueueNameFor(_tenant, "node-a")).PeekMessageAsync()).Value;
        Assert.Equal(nudge, JsonSerializer.Deserialize(message.MessageText, NodeApiJsonContext.Default.NodeNudge));
        Assert.Equal(TimeSpan.FromHours(1), message.ExpiresOn!.Value - message.InsertedOn!.Value);
    }

    [Fact]
    public async Task NudgeAsync_NodeNotProvisioned_DoesNotThrowNorCreateQueue()
    {
        var channel = CreateChannel();

        await channel.NudgeAsync(Nudge("node-unknown", "early"), CancellationToken.None);

        Assert.False(await Admin().GetQueueClient(channel.QueueNameFor(_tenant, "node-unknown")).ExistsAsync());
    }

    [Fact]
    public async Task ReceiveAsync_GrantOfOtherNode_ThrowsChannelGrantExpiredAndLeavesMessages()
    {
        var channel = CreateChannel();
        var grantA = await channel.ProvisionAsync(_tenant, "node-a", CancellationToken.None);
        await channel.ProvisionAsync(_tenant, "node-b", CancellationToken.None);
        await channel.NudgeAsync(Nudge("node-b", "for b only"), CancellationToken.None);

        // Node A's signature, pointed at node B's queue.
        var queueB = Admin().GetQueueClient(channel.QueueNameFor(_tenant, "node-b"));
        var forged = grantA with { Address = queueB.Uri.AbsoluteUri + new Uri(grantA.Address).Query };
        var receiver = CreateReceiver(forged);

        var ex = await Assert.ThrowsAsync<ChannelGrantExpiredException>(() => receiver.ReceiveAsync(CancellationToken.None));

        Assert.Equal(403, Assert.IsType<RequestFailedException>(ex.InnerException).Status);
        Assert.Single((await queueB.PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task Grant_SendMessage_IsRefused()
    {
        var channel = CreateChannel();
        var grant = await channel.ProvisionAsync(_tenant, "node-a", CancellationToken.None);
        var asAgent = new QueueClient(new Uri(grant.Address));

        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => asAgent.SendMessageAsync("forged"));

        Assert.Equal(403, ex.Status);
        Assert.Equal("AuthorizationPermissionMismatch", ex.ErrorCode);
        Assert.Empty((await Admin().GetQueueClient(channel.QueueNameFor(_tenant, "node-a")).PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task SendMessage_SasWithAddPermission_Succeeds()
    {
        // Control for the refusals above: Azurite does accept a queue SAS that grants Add.
        var channel = CreateChannel();
        await channel.ProvisionAsync(_tenant, "node-a", CancellationToken.None);
        var queue = Admin().GetQueueClient(channel.QueueNameFor(_tenant, "node-a"));
        var withAdd = queue.GenerateSasUri(QueueSasPermissions.Read | QueueSasPermissions.Add, DateTimeOffset.UtcNow.AddHours(1));

        await new QueueClient(withAdd).SendMessageAsync("allowed");

        Assert.Single((await queue.PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task Grant_UpdateReceivedMessage_IsRefused()
    {
        var channel = CreateChannel();
        var grant = await channel.ProvisionAsync(_tenant, "node-a", CancellationToken.None);
        await channel.NudgeAsync(Nudge("node-a", "original"), CancellationToken.None);
        var asAgent = new QueueClient(new Uri(grant.Address));
        var message = (await asAgent.ReceiveMessageAsync()).Value;

        var ex = await Assert.ThrowsAsync<RequestFailedException>(
            () => asAgent.UpdateMessageAsync(message.MessageId, message.PopReceipt, "rewritten", TimeSpan.Zero));

        Assert.Equal(403, ex.Status);
        Assert.Equal("AuthorizationPermissionMismatch", ex.ErrorCode);
    }

    [Fact]
    public async Task Grant_ClearOrDeleteQueue_IsRefusedAndMessagesStay()
    {
        var channel = CreateChannel();
        var grant = await channel.ProvisionAsync(_tenant, "node-a", CancellationToken.None);
        await channel.NudgeAsync(Nudge("node-a", "keep me"), CancellationToken.None);
        var asAgent = new QueueClient(new Uri(grant.Address));

        var clear = await Assert.ThrowsAsync<RequestFailedException>(() => asAgent.ClearMessagesAsync());
        var delete = await Assert.ThrowsAsync<RequestFailedException>(() => asAgent.DeleteAsync());

        Assert.Equal(403, clear.Status);
        Assert.Equal(403, delete.Status);

        var queue = Admin().GetQueueClient(channel.QueueNameFor(_tenant, "node-a"));
        Assert.Single((await queue.PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task Grant_CreateOtherQueue_IsRefused()
    {
        var channel = CreateChannel();
        var grant = await channel.ProvisionAsync(_tenant, "node-a", CancellationToken.None);
        var other = Admin().GetQueueClient("orch-node-" + Guid.NewGuid().ToString("N"));
        var asAgent = new QueueClient(new Uri(other.Uri.AbsoluteUri + new Uri(grant.Address).Query));

        var ex = await Assert.ThrowsAsync<RequestFailedException>(() => asAgent.CreateAsync());

        // The signature covers the queue's name, so it does not verify for any other queue.
        Assert.Equal(403, ex.Status);
        Assert.Equal("AuthenticationFailed", ex.ErrorCode);
        Assert.False(await other.ExistsAsync());
    }

    [Fact]
    public async Task ReceiveAsync_ExpiredGrant_ThrowsChannelGrantExpired()
    {
        // The control plane's clock says two days ago, so the 1 h grant expired long before Azurite's now.
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromDays(2));
        var channel = CreateChannel(new NodeChannelOptions { GrantLifetime = TimeSpan.FromHours(1) }, past);
        var grant = await channel.ProvisionAsync(_tenant, "node-a", CancellationToken.None);
        await channel.NudgeAsync(Nudge("node-a", "too late"), CancellationToken.None);
        var receiver = CreateReceiver(grant);

        var ex = await Assert.ThrowsAsync<ChannelGrantExpiredException>(() => receiver.ReceiveAsync(CancellationToken.None));

        Assert.Equal(403, Assert.IsType<RequestFailedException>(ex.InnerException).Status);
    }

    [Fact]
    public async Task ReceiveAsync_FreshGrantAfterExpiry_Works()
    {
        var channel = CreateChannel();
        var old = await CreateChannel(new NodeChannelOptions(), new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromDays(2)))
            .ProvisionAsync(_tenant, "node-a", CancellationToken.None);
        var nudge = Nudge("node-a", "after renewal");
        await channel.NudgeAsync(nudge, CancellationToken.None);
        await Assert.ThrowsAsync<ChannelGrantExpiredException>(() => CreateReceiver(old).ReceiveAsync(CancellationToken.None));

        var renewed = await channel.ProvisionAsync(_tenant, "node-a", CancellationToken.None);

        Assert.Equal([nudge], await CreateReceiver(renewed).ReceiveAsync(CancellationToken.None));
    }

    [Fact]
    public async Task DeleteAsync_ProvisionedNode_RemovesQueueAndInvalidatesGrant()
    {
        var channel = CreateChannel();
        var grant = await channel.ProvisionAsync(_tenant, "node-a", CancellationToken.None);

        await channel.DeleteAsync(_tenant, "node-a", CancellationToken.None);

        Assert.False(await Admin().GetQueueClient(channel.QueueNameFor(_tenant, "node-a")).ExistsAsync());
        await Assert.ThrowsAsync<ChannelGrantExpiredException>(() => CreateReceiver(grant).ReceiveAsync(CancellationToken.None));
        await channel.DeleteAsync(_tenant, "node-a", CancellationToken.None);
    }

    [Fact]
    public async Task ProvisionAsync_AlreadyProvisioned_KeepsWaitingNudges()
    {
        var channel = CreateChannel();
        await channel.ProvisionAsync(_tenant, "node-a", CancellationToken.None);
        var nudge = Nudge("node-a", "before rejoin");
        await channel.NudgeAsync(nudge, CancellationToken.None);

        var grant = await channel.ProvisionAsync(_tenant, "node-a", CancellationToken.None);

        Assert.Equal([nudge], await CreateReceiver(grant).ReceiveAsync(CancellationToken.None));
    }

    [Fact]
    public async Task SendLogRequestAsync_ProvisionedNode_ReceiverGetsTheRequestBetweenNudges()
    {
        var channel = CreateChannel();
        var grant = await channel.ProvisionAsync(_tenant, "node-a", CancellationToken.None);
        var request = new LogRequest(
            _tenant, "node-a", "r1", "default", "web", "uid-1", "app", 5, 60, true, false,
            "http://127.0.0.1/logs/x?sig=secret", new DateTimeOffset(2030, 1, 1, 0, 5, 0, TimeSpan.Zero));
        var nudge = Nudge("node-a", "before");

        await channel.NudgeAsync(nudge, CancellationToken.None);
        await channel.SendLogRequestAsync(request, CancellationToken.None);

        Assert.Equal([nudge, request], await ReceiveAllAsync(CreateReceiver(grant)));
    }

    [Fact]
    public async Task ReceiveAsync_UnknownKind_SkipsAndDeletesIt()
    {
        var channel = CreateChannel();
        var grant = await channel.ProvisionAsync(_tenant, "node-a", CancellationToken.None);
        var queue = Admin().GetQueueClient(channel.QueueNameFor(_tenant, "node-a"));
        await queue.SendMessageAsync("""{"kind":"execRequest","tenant":"x"}""");

        Assert.Empty(await ReceiveAllAsync(CreateReceiver(grant)));
        Assert.Empty((await queue.PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task NudgeAsync_WireFormat_HasNoKindSoOlderAgentsStillReadIt()
    {
        var channel = CreateChannel();
        await channel.ProvisionAsync(_tenant, "node-a", CancellationToken.None);

        await channel.NudgeAsync(Nudge("node-a", "compat"), CancellationToken.None);

        var message = (await Admin().GetQueueClient(channel.QueueNameFor(_tenant, "node-a")).PeekMessageAsync()).Value;
        Assert.DoesNotContain("\"kind\"", message.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ConnectionStringWithoutKey_Throws()
    {
        var sasOnly = $"QueueEndpoint=http://127.0.0.1:{azurite.QueuePort}/{AzuriteFixture.AccountName};SharedAccessSignature=sv=2020-08-04&sig=x";

        Assert.Throws<ArgumentException>(() => new StorageQueueNodeChannel(
            sasOnly, Microsoft.Extensions.Options.Options.Create(new NodeChannelOptions()), TimeProvider.System,
            NullLogger<StorageQueueNodeChannel>.Instance));
    }

    private StorageQueueNodeChannel CreateChannel(NodeChannelOptions? options = null, TimeProvider? time = null) =>
        new(
            azurite.ConnectionString,
            Microsoft.Extensions.Options.Options.Create(options ?? Options),
            time ?? TimeProvider.System,
            NullLogger<StorageQueueNodeChannel>.Instance);

    private static INodeChannelReceiver CreateReceiver(NodeChannelGrant grant) =>
        NodeChannelReceivers.Create(grant, Options, TimeProvider.System, NullLogger.Instance);

    private static async Task<List<NodeMessage>> ReceiveAllAsync(INodeChannelReceiver receiver)
    {
        var all = new List<NodeMessage>();
        while (await receiver.ReceiveAsync(CancellationToken.None) is { Count: > 0 } batch)
        {
            all.AddRange(batch);
        }

        return all;
    }

    private QueueServiceClient Admin() =>
        new(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });

    private NodeNudge Nudge(string node, string reason) =>
        new(_tenant, node, reason, new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
}
