using Azure.Storage.Queues;
using Orchestrator.AzureSdk;

namespace Orchestrator.Messaging;

/// <summary>
/// Client options shared by sender and receiver, so both agree on the message encoding; both count their requests.
/// </summary>
internal static class StorageQueueClientOptions
{
    public static QueueClientOptions Create() => new QueueClientOptions
    {
        // Plain UTF-8 JSON on the wire: readable in tools, and both ends must agree.
        MessageEncoding = QueueMessageEncoding.None,
    }.AddRequestCounting(AzureRequestCounting.Queue);
}
