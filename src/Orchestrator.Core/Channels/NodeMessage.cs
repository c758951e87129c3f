namespace Orchestrator.Core.Channels;

/// <summary>
/// A message on a node's channel: a <see cref="NodeNudge"/> (level-triggered hint) or a <see cref="LogRequest"/>.
/// Use <see cref="NodeMessageCodec"/> to put either on the wire.
/// </summary>
public abstract record NodeMessage
{
    // Only the two message kinds of this assembly derive from it.
    private protected NodeMessage()
    {
    }
}
