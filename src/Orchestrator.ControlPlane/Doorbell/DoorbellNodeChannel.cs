using Orchestrator.Core.Channels;

namespace Orchestrator.ControlPlane.Doorbell;

/// <summary>
/// Sends through the host's <see cref="INodeChannel"/>, then rings the node's <see cref="NodeDoorbell"/> so its
/// long-polling agent receives the message at once. Rings only after the message is on the queue: a woken agent must
/// find it there.
/// </summary>
internal sealed class DoorbellNodeChannel : INodeChannel
{
    private readonly INodeChannel _inner;
    private readonly NodeDoorbell _doorbell;

    public DoorbellNodeChannel(INodeChannel inner, NodeDoorbell doorbell)
    {
        _inner = inner;
        _doorbell = doorbell;
    }

    public Task<NodeChannelGrant> ProvisionAsync(string tenant, string nodeName, CancellationToken cancellationToken) =>
        _inner.ProvisionAsync(tenant, nodeName, cancellationToken);

    public async Task NudgeAsync(NodeNudge nudge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nudge);
        await _inner.NudgeAsync(nudge, cancellationToken);
        _doorbell.Ring(nudge.Tenant, nudge.NodeName);
    }

    public async Task SendLogRequestAsync(LogRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _inner.SendLogRequestAsync(request, cancellationToken);
        _doorbell.Ring(request.Tenant, request.NodeName);
    }

    public async Task DeleteAsync(string tenant, string nodeName, CancellationToken cancellationToken)
    {
        await _inner.DeleteAsync(tenant, nodeName, cancellationToken);
        _doorbell.Forget(tenant, nodeName);
    }
}
