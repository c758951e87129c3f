using Orchestrator.Core.Channels;

namespace Orchestrator.ControlPlane.NodeMailboxes;

/// <summary>
/// What one receive from a node's mailbox returns: the messages not yet acknowledged, each with its sequence number,
/// and <see cref="Seq"/>, the number the agent sends back as <c>after</c> to acknowledge them all.
/// </summary>
public sealed record MailboxBatch(long Seq, IReadOnlyList<MailboxEntry> Messages);

/// <summary>One message of a <see cref="MailboxBatch"/> with its sequence number.</summary>
public sealed record MailboxEntry(long Seq, NodeMessage Message);
