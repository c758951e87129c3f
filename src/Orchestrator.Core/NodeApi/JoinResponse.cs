using Orchestrator.Core.Channels;

namespace Orchestrator.Core.NodeApi;

/// <summary>What a joined agent receives: its node's name, a credential for that node only, and its channel.</summary>
public sealed record JoinResponse(string NodeName, string Token, NodeChannelGrant Channel);
