namespace Orchestrator.ControlPlane.Store;

/// <summary>
/// A stored credential: only the SHA-256 of the key is kept. <see cref="Role"/> is <c>admin</c>, <c>join</c> (may
/// only join nodes) or <c>node</c> (may act for <see cref="NodeName"/> only).
/// </summary>
public sealed record ApiKeyRecord(
    string Id,
    string Tenant,
    string Role,
    string? NodeName,
    string HashHex,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    string? Description);
