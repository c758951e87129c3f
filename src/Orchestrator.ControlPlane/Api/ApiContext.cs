using Microsoft.AspNetCore.Http;
using Orchestrator.ControlPlane.Auth;

namespace Orchestrator.ControlPlane.Api;

/// <summary>One request as the handlers see it: the HTTP context, the matched route, its values and the caller.</summary>
internal sealed record ApiContext(HttpContext Http, ApiRoute Route, IReadOnlyDictionary<string, string?> Values, CallerIdentity Caller)
{
    public string Method => Http.Request.Method;

    public CancellationToken Aborted => Http.RequestAborted;

    public string? Value(string name) => Values.TryGetValue(name, out var value) ? value : null;

    public string? Query(string name) => Http.Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;
}
