using Azure.Messaging.ServiceBus;

namespace Orchestrator.Messaging.ServiceBus;

/// <summary>Client options shared by sender and receiver.</summary>
internal static class ServiceBusClientSettings
{
    public static ServiceBusClientOptions Create(ServiceBusNodeChannelOptions options) => new()
    {
        TransportType = options.UseWebSockets ? ServiceBusTransportType.AmqpWebSockets : ServiceBusTransportType.AmqpTcp,
    };
}
