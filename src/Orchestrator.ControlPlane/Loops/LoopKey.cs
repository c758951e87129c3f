namespace Orchestrator.ControlPlane.Loops;

/// <summary>What a loop reconciles: one object (tenant, namespace, name) or, with empty names, a whole tenant.</summary>
public sealed record LoopKey(string Tenant, string Namespace = "", string Name = "");
