using Azure.Storage.Queues;

namespace Orchestrator.Messaging;

/// <summary>Client options shared by sender and receiver, so both agree on the message encoding.</summary>
internal static class StorageQueueClientOptions
{
    public static QueueClientOptions Create() => new()
    {
        // Plain UTF-8 JSON on the wire: readable in tools, and both ends must agree.
        MessageEncoding = QueueMessageEncoding.None,
    };
}
