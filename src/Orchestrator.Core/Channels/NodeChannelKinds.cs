namespace Orchestrator.Core.Channels;

/// <summary>The transports a <see cref="NodeChannelGrant"/> can name in its <c>Kind</c>; one list for the control plane and the agent.</summary>
public static class NodeChannelKinds
{
    /// <summary>An Azure Storage queue; the grant's address is the queue URI with a receive-only SAS.</summary>
    public const string StorageQueue = "storage-queue";

    /// <summary>An Azure Service Bus queue; the grant's address is a connection string with a Listen-only SAS token for it.</summary>
    public const string ServiceBus = "service-bus";

    /// <summary>
    /// The standalone server's own mailbox (docs/adr/0018); the grant's address is the route path the agent long-polls,
    /// relative to the server's URL, and carries no secret: the agent authenticates with its node credential.
    /// </summary>
    public const string Server = "server";
}
