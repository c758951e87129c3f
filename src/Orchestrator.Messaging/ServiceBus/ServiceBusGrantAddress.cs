using Azure.Messaging.ServiceBus;

namespace Orchestrator.Messaging.ServiceBus;

/// <summary>
/// The address of a <c>service-bus</c> grant: a connection string holding the namespace, the node's queue and a SAS
/// token limited to that queue, which <see cref="ServiceBusClient"/> accepts as it is.
/// </summary>
internal static class ServiceBusGrantAddress
{
    public static string Create(string fullyQualifiedNamespace, string queueName, string sasToken) =>
        $"Endpoint=sb://{fullyQualifiedNamespace}/;SharedAccessSignature={sasToken};EntityPath={queueName}";

    /// <summary>
    /// Parses an address into the connection string and queue name; false when it is not a connection string with a
    /// SAS token and a queue (a namespace key is refused: an agent must never hold one).
    /// </summary>
    public static bool TryParse(string address, out string queueName)
    {
        queueName = string.Empty;
        ServiceBusConnectionStringProperties properties;
        try
        {
            properties = ServiceBusConnectionStringProperties.Parse(address);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return false;
        }

        if (properties.Endpoint is null
            || string.IsNullOrEmpty(properties.SharedAccessSignature)
            || !string.IsNullOrEmpty(properties.SharedAccessKey)
            || string.IsNullOrEmpty(properties.EntityPath))
        {
            return false;
        }

        queueName = properties.EntityPath;
        return true;
    }
}
