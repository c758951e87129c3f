namespace Orchestrator.Fleet.Simulation;

/// <summary>A pod the control plane accepted as Running, on which node, and when.</summary>
internal sealed record RunningPod(string Namespace, string Name, string Uid, string Node, DateTimeOffset At);
