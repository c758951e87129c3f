using Orchestrator.Core.Channels;

namespace Orchestrator.Functions.Tests.Fakes;

/// <summary>An <see cref="INodeChannel"/> that records the nudges it is asked to send and grants a queue to any node.</summary>
internal sealed class RecordingNodeChannel : INodeChannel
{
    private readonly Lock _gate = new();
    private readonly List<NodeNudge> _nudges = [];

    public IReadOnlyList<NodeNudge> Nudges
    {
        get
        {
            lock (_gate)
            {
                return [.. _nudges];
            }
        }
    }

    public Task<NodeChannelGrant> ProvisionAsync(string tenant, string nodeName, CancellationToken cancellationToken) =>
        Task.FromResult(new NodeChannelGrant("storage-queue", $"memory://{tenant}/{nodeName}", DateTimeOffset.MaxValue));

    public Task NudgeAsync(NodeNudge nudge, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _nudges.Add(nudge);
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(string tenant, string nodeName, CancellationToken cancellationToken) => Task.CompletedTask;
}
