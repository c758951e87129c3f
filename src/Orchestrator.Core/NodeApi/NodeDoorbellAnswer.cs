namespace Orchestrator.Core.NodeApi;

/// <summary>
/// Answer of the node's doorbell: its generation, which grows each time the control plane puts a message on the node's
/// queue. A generation other than the one the agent sent means "receive from your queue now".
/// </summary>
public sealed record NodeDoorbellAnswer(long Generation);
