using Orchestrator.Agent.Channel;
using Orchestrator.Core.Channels;

namespace Orchestrator.Agent.Tests.Channel;

/// <summary>Hands out receivers that replay scripted answers: messages, or an exception.</summary>
internal sealed class FakeReceiverFactory : INodeChannelReceiverFactory
{
    public List<NodeChannelGrant> Grants { get; } = [];

    public Queue<Func<IReadOnlyList<NodeMessage>>> Answers { get; } = new();

    public INodeChannelReceiver Create(NodeChannelGrant grant)
    {
        Grants.Add(grant);
        return new Receiver(this);
    }

    private sealed class Receiver(FakeReceiverFactory factory) : INodeChannelReceiver
    {
        public Task<IReadOnlyList<NodeMessage>> ReceiveAsync(CancellationToken cancellationToken) =>
            Task.FromResult(factory.Answers.TryDequeue(out var answer) ? answer() : []);
    }
}
