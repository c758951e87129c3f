using Microsoft.Extensions.Options;
using Orchestrator.Core.Channels;
using Orchestrator.Messaging;
using Orchestrator.Messaging.ServiceBus;

namespace Orchestrator.Agent.Channel;

/// <summary>
/// Creates receivers through <see cref="NodeChannelReceivers"/> for the grant's transport: Storage Queues or Service Bus
/// (over AMQP, or AMQP over WebSockets on 443 with <c>Agent:Channel:ServiceBus:UseWebSockets</c>). Storage-queue
/// receivers share the agent's <see cref="WakeSignal"/>, which the <see cref="DoorbellLoop"/> rings.
/// </summary>
internal sealed class NodeChannelReceiverFactory : INodeChannelReceiverFactory
{
    private readonly IOptions<NodeChannelOptions> _options;
    private readonly IOptions<ServiceBusNodeChannelOptions> _serviceBus;
    private readonly TimeProvider _time;
    private readonly ILogger<NodeChannelReceiverFactory> _logger;
    private readonly WakeSignal _wakeup;

    public NodeChannelReceiverFactory(IOptions<NodeChannelOptions> options, IOptions<ServiceBusNodeChannelOptions> serviceBus, TimeProvider time, ILogger<NodeChannelReceiverFactory> logger, WakeSignal wakeup)
    {
        _wakeup = wakeup;
        _options = options;
        _serviceBus = serviceBus;
        _time = time;
        _logger = logger;
    }

    public INodeChannelReceiver Create(NodeChannelGrant grant) => NodeChannelReceivers.Create(grant, _options.Value, _serviceBus.Value, _time, _logger, _wakeup);
}
