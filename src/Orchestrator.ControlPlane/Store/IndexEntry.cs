namespace Orchestrator.ControlPlane.Store;

/// <summary>
/// A secondary key under which an object can be listed without a scan, such as <c>("node", "worker-1")</c> or
/// <c>("owner", "&lt;uid&gt;")</c>. An empty <see cref="Value"/> is allowed (pods bound to no node).
/// </summary>
public sealed record IndexEntry(string Index, string Value);
