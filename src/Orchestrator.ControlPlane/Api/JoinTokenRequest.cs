namespace Orchestrator.ControlPlane.Api;

/// <summary>Body of <c>POST /agent/v1/jointokens</c> (optional): how long the token lives and a note.</summary>
public sealed record JoinTokenRequest(int? TtlSeconds, string? Description);
