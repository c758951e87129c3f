namespace Orchestrator.Messaging;

/// <summary>The transports a <see cref="Core.Channels.NodeChannelGrant"/> can name in its <c>Kind</c>.</summary>
public static class NodeChannelKinds
{
    /// <summary>An Azure Storage queue; the grant's address is the queue URI with a receive-only SAS.</summary>
    public const string StorageQueue = "storage-queue";

    /// <summary>An Azure Service Bus queue; the grant's address is a connection string with a Listen-only SAS token for it.</summary>
    public const string ServiceBus = "service-bus";
}
