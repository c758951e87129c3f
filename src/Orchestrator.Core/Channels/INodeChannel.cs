namespace Orchestrator.Core.Channels;

/// <summary>The control plane's side of the per-node channel.</summary>
public interface INodeChannel
{
    /// <summary>Creates the node's queue if needed and returns a grant that can receive from that queue only.</summary>
    Task<NodeChannelGrant> ProvisionAsync(string tenant, string nodeName, CancellationToken cancellationToken);

    Task NudgeAsync(NodeNudge nudge, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a log request to the node's agent. It lives no longer than the request's upload URL; a node whose
    /// channel does not exist (never joined) drops it silently, and the caller times out.
    /// </summary>
    Task SendLogRequestAsync(LogRequest request, CancellationToken cancellationToken);

    /// <summary>Removes the node's queue (the node was deleted).</summary>
    Task DeleteAsync(string tenant, string nodeName, CancellationToken cancellationToken);
}
