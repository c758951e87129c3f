using Orchestrator.Agent.Runtime;

namespace Orchestrator.Agent.Pods;

/// <summary>What one reconcile pass decided: containers to start, stop and forget, and those waiting out a back-off.</summary>
internal sealed class ReconcilePlan
{
    public List<ContainerLaunch> Starts { get; } = [];

    public List<ContainerStop> Stops { get; } = [];

    public List<ContainerKey> Removals { get; } = [];

    public Dictionary<ContainerKey, CrashLoopWait> BackingOff { get; } = [];

    public bool HasActions => Starts.Count > 0 || Stops.Count > 0 || Removals.Count > 0;
}
