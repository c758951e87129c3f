namespace Orchestrator.Agent.Tests.Support;

internal sealed record RecordedRequest(string Route, Uri Uri, string? Authorization, string? ContentType, string Body);
