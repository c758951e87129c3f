using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Core.Channels;

namespace Orchestrator.Messaging.Tests;

public sealed class NodeChannelReceiversTests
{
    [Fact]
    public void Create_StorageQueueGrant_ReturnsStorageQueueReceiver()
    {
        var grant = new NodeChannelGrant(
            NodeChannelKinds.StorageQueue,
            "https://account.queue.core.windows.net/orch-node-x?sv=2025-01-05&sp=rp&sig=abc",
            DateTimeOffset.UnixEpoch);

        var receiver = NodeChannelReceivers.Create(grant, new NodeChannelOptions(), TimeProvider.System, NullLogger.Instance);

        Assert.IsType<StorageQueueNodeChannelReceiver>(receiver);
    }

    [Fact]
    public void Create_UnknownKind_ThrowsNotSupported()
    {
        var grant = new NodeChannelGrant("carrier-pigeon", "coop://x", DateTimeOffset.UnixEpoch);

        Assert.Throws<NotSupportedException>(
            () => NodeChannelReceivers.Create(grant, new NodeChannelOptions(), TimeProvider.System, NullLogger.Instance));
    }

    [Theory]
    [InlineData("not a uri")]
    [InlineData("https://account.queue.core.windows.net/orch-node-x")]
    public void Create_AddressWithoutSas_ThrowsArgumentException(string address)
    {
        var grant = new NodeChannelGrant(NodeChannelKinds.StorageQueue, address, DateTimeOffset.UnixEpoch);

        Assert.Throws<ArgumentException>(
            () => NodeChannelReceivers.Create(grant, new NodeChannelOptions(), TimeProvider.System, NullLogger.Instance));
    }
}
