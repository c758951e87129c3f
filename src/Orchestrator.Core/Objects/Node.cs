namespace Orchestrator.Core.Objects;

/// <summary>A <c>v1</c> Node: one customer machine running the agent.</summary>
public sealed class Node : KubeObject
{
    public NodeSpec? Spec { get; set; }

    public NodeStatus? Status { get; set; }
}
