namespace Orchestrator.Core.NodeApi;

/// <summary>
/// Answer of the standalone server's <c>GET agent/v1/nodes/{node}/messages?after=&lt;seq&gt;</c> (docs/adr/0018): the
/// node's messages numbered above <c>after</c>, and <see cref="Seq"/>, what the agent sends as <c>after</c> next to
/// acknowledge them (it may be lower than the agent's last <c>after</c> when the server restarted).
/// </summary>
public sealed record NodeMessagesAnswer(long Seq, IReadOnlyList<NodeMessageEnvelope> Messages);
