namespace Orchestrator.Core.Scheduling;

/// <summary>Why a node takes no pod at all in this pass, whatever the pod asks for.</summary>
internal enum NodeBlock
{
    None,
    Unschedulable,
    NotReady,
    Unreachable,
}
