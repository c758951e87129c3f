using Microsoft.Extensions.Logging;
using Orchestrator.Core.Channels;
using Orchestrator.Messaging.ServiceBus;

namespace Orchestrator.Messaging;

/// <summary>Builds the agent's receiver for whatever transport its grant names.</summary>
public static class NodeChannelReceivers
{
    /// <summary>Creates the receiver, with default Service Bus settings (AMQP over TCP).</summary>
    /// <exception cref="NotSupportedException">The grant's kind is not a transport this build knows.</exception>
    public static INodeChannelReceiver Create(NodeChannelGrant grant, NodeChannelOptions options, TimeProvider time, ILogger logger) =>
        Create(grant, options, new ServiceBusNodeChannelOptions(), time, logger);

    /// <summary>Creates the receiver; <paramref name="serviceBusOptions"/> apply to <c>service-bus</c> grants only.</summary>
    /// <exception cref="NotSupportedException">The grant's kind is not a transport this build knows.</exception>
    public static INodeChannelReceiver Create(
        NodeChannelGrant grant,
        NodeChannelOptions options,
        ServiceBusNodeChannelOptions serviceBusOptions,
        TimeProvider time,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return grant.Kind switch
        {
            NodeChannelKinds.StorageQueue => new StorageQueueNodeChannelReceiver(grant, options, time, logger),
            NodeChannelKinds.ServiceBus => new ServiceBusNodeChannelReceiver(grant, options, serviceBusOptions, time, logger),
            _ => throw new NotSupportedException($"Node channel kind '{grant.Kind}' is not supported."),
        };
    }
}
