using Orchestrator.Core.Channels;

namespace Orchestrator.Agent.Identity;

/// <summary>The node's credential once it is loaded or obtained by joining; the loops that talk to the control plane wait for it.</summary>
internal sealed class NodeIdentity
{
    private readonly TaskCompletionSource<NodeCredential> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public NodeCredential? Current => _ready.Task.IsCompletedSuccessfully ? _ready.Task.Result : null;

    /// <summary>The channel grant that came with the join answer, if the agent joined in this run.</summary>
    public NodeChannelGrant? JoinGrant { get; private set; }

    /// <summary>Why the agent could not establish its identity and stopped; null unless that happened.</summary>
    public string? StartupFailure { get; set; }

    public Task<NodeCredential> WaitAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    public void Set(NodeCredential credential, NodeChannelGrant? joinGrant = null)
    {
        JoinGrant = joinGrant;
        if (!_ready.TrySetResult(credential))
        {
            throw new InvalidOperationException("The node identity is already set.");
        }
    }
}
