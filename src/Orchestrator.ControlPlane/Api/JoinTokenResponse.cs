namespace Orchestrator.ControlPlane.Api;

/// <summary>A new join token: shown once, valid until <see cref="ExpiresAt"/> for any number of joins.</summary>
public sealed record JoinTokenResponse(string Token, DateTimeOffset ExpiresAt);
