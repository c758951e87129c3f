namespace Orchestrator.Agent.Pods;

/// <summary>The last failed attempt to start a container of a given spec, remembered to report it and retry with back-off.</summary>
internal sealed record StartFailure(string SpecHash, string Reason, string Message, DateTimeOffset FailedAt, int Attempts);
