using Microsoft.Extensions.Logging;
using Orchestrator.Core.Channels;

namespace Orchestrator.Messaging;

/// <summary>Builds the agent's receiver for whatever transport its grant names.</summary>
public static class NodeChannelReceivers
{
    /// <exception cref="NotSupportedException">The grant's kind is not a transport this build knows.</exception>
    public static INodeChannelReceiver Create(NodeChannelGrant grant, NodeChannelOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return grant.Kind switch
        {
            NodeChannelKinds.StorageQueue => new StorageQueueNodeChannelReceiver(grant, options, time, logger),
            _ => throw new NotSupportedException($"Node channel kind '{grant.Kind}' is not supported."),
        };
    }
}
