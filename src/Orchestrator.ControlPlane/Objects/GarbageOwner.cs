namespace Orchestrator.ControlPlane.Objects;

/// <summary>The owner a garbage marker names: where it lives and its uid.</summary>
public sealed record GarbageOwner(string Resource, string Namespace, string Name, string Uid);
