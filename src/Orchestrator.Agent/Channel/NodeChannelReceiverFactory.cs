using Microsoft.Extensions.Options;
using Orchestrator.Core.Channels;
using Orchestrator.Messaging;

namespace Orchestrator.Agent.Channel;

/// <summary>Creates receivers through <see cref="NodeChannelReceivers"/> (Storage Queues now, Service Bus later).</summary>
internal sealed class NodeChannelReceiverFactory : INodeChannelReceiverFactory
{
    private readonly IOptions<NodeChannelOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<NodeChannelReceiverFactory> _logger;

    public NodeChannelReceiverFactory(IOptions<NodeChannelOptions> options, TimeProvider time, ILogger<NodeChannelReceiverFactory> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
    }

    public INodeChannelReceiver Create(NodeChannelGrant grant) => NodeChannelReceivers.Create(grant, _options.Value, _time, _logger);
}
