using Microsoft.Extensions.Options;
using Orchestrator.Agent.Api;
using Orchestrator.Core.Channels;
using Orchestrator.Messaging;
using Orchestrator.Messaging.ServiceBus;

namespace Orchestrator.Agent.Channel;

/// <summary>
/// Creates the receiver for the grant's transport: the standalone server's own mailbox (<c>server</c>, through the
/// agent's <see cref="NodeApiClient"/>), or through <see cref="NodeChannelReceivers"/> Storage Queues or Service Bus
/// (over AMQP, or AMQP over WebSockets on 443 with <c>Agent:Channel:ServiceBus:UseWebSockets</c>).
/// </summary>
internal sealed class NodeChannelReceiverFactory : INodeChannelReceiverFactory
{
    private readonly IOptions<NodeChannelOptions> _options;
    private readonly IOptions<ServiceBusNodeChannelOptions> _serviceBus;
    private readonly NodeApiClient _api;
    private readonly TimeProvider _time;
    private readonly ILogger<NodeChannelReceiverFactory> _logger;
    private readonly ServerChannelCursor _cursor = new();

    public NodeChannelReceiverFactory(
        IOptions<NodeChannelOptions> options,
        IOptions<ServiceBusNodeChannelOptions> serviceBus,
        NodeApiClient api,
        TimeProvider time,
        ILogger<NodeChannelReceiverFactory> logger)
    {
        _options = options;
        _serviceBus = serviceBus;
        _api = api;
        _time = time;
        _logger = logger;
    }

    public INodeChannelReceiver Create(NodeChannelGrant grant) => grant.Kind == NodeChannelKinds.Server
        ? new ServerNodeChannelReceiver(grant, _api, _cursor, _logger)
        : NodeChannelReceivers.Create(grant, _options.Value, _serviceBus.Value, _time, _logger);
}
