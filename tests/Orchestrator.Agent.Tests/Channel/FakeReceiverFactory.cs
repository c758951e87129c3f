using Orchestrator.Agent.Channel;
using Orchestrator.Core.Channels;

namespace Orchestrator.Agent.Tests.Channel;

/// <summary>Hands out receivers that replay scripted answers: nudges, or an exception.</summary>
internal sealed class FakeReceiverFactory : INodeChannelReceiverFactory
{
    public List<NodeChannelGrant> Grants { get; } = [];

    public Queue<Func<IReadOnlyList<NodeNudge>>> Answers { get; } = new();

    public INodeChannelReceiver Create(NodeChannelGrant grant)
    {
        Grants.Add(grant);
        return new Receiver(this);
    }

    private sealed class Receiver(FakeReceiverFactory factory) : INodeChannelReceiver
    {
        public Task<IReadOnlyList<NodeNudge>> ReceiveAsync(CancellationToken cancellationToken) =>
            Task.FromResult(factory.Answers.TryDequeue(out var answer) ? answer() : []);
    }
}
