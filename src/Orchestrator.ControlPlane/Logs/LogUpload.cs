namespace Orchestrator.ControlPlane.Logs;

/// <summary>
/// A write-only URL for one answer and when it stops working: an absolute URL carries its own credential (never log it);
/// a relative one is a route of the control plane that the node's own credential opens.
/// </summary>
public sealed record LogUpload(Uri Url, DateTimeOffset ExpiresOn);
