using Orchestrator.Core.Channels;

namespace Orchestrator.Agent.Channel;

/// <summary>Creates the receiver for a channel grant; a seam so tests can stand in for the queue service.</summary>
internal interface INodeChannelReceiverFactory
{
    /// <exception cref="NotSupportedException">The grant names a transport this agent cannot receive from.</exception>
    INodeChannelReceiver Create(NodeChannelGrant grant);
}
