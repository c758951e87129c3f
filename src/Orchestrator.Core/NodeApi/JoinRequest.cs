namespace Orchestrator.Core.NodeApi;

/// <summary>Body of <c>POST /agent/v1/join</c>, sent with a join token as the bearer credential.</summary>
public sealed record JoinRequest(string NodeName);
