namespace Orchestrator.ControlPlane.Logs;

/// <summary>A write-only URL for one answer (a credential: never log it) and when it stops working.</summary>
public sealed record LogUpload(Uri Url, DateTimeOffset ExpiresOn);
