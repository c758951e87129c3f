namespace Orchestrator.Core.Channels;

/// <summary>The agent's side of its node's channel.</summary>
public interface INodeChannelReceiver
{
    /// <summary>
    /// Returns the messages waiting (nudges and log requests, removing them from the queue), or an empty list after
    /// waiting at most the configured poll interval.
    /// </summary>
    Task<IReadOnlyList<NodeMessage>> ReceiveAsync(CancellationToken cancellationToken);
}
