using System.Net;
using System.Text;

namespace Orchestrator.Agent.Tests.Support;

/// <summary>
/// A fake control plane at the HTTP message level: answers by "METHOD path" with queued or standing responses and
/// records every request (with its body read) for assertions.
/// </summary>
internal sealed class FakeControlPlane : HttpMessageHandler
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Func<HttpRequestMessage, string, HttpResponseMessage>> _routes = new(StringComparer.Ordinal);
    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public int Count(string route)
    {
        lock (_gate)
        {
            return _requests.Count(request => request.Route == route);
        }
    }

    /// <summary>Answers <paramref name="route"/> ("PUT /agent/v1/nodes/n1/lease") with a JSON body and status code.</summary>
    public void On(string route, HttpStatusCode code, string json = "{}") =>
        On(route, (_, _) => Json(code, json));

    public void On(string route, Func<HttpRequestMessage, string, HttpResponseMessage> respond)
    {
        lock (_gate)
        {
            _routes[route] = respond;
        }
    }

    public static HttpResponseMessage Json(HttpStatusCode code, string json) =>
        new(code) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static string StatusJson(int code, string reason, string message) =>
        $$"""{"apiVersion":"v1","kind":"Status","metadata":{},"status":"Failure","message":"{{message}}","reason":"{{reason}}","code":{{code}}}""";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var route = request.Method.Method + " " + request.RequestUri!.AbsolutePath;
        Func<HttpRequestMessage, string, HttpResponseMessage>? respond;
        lock (_gate)
        {
            _requests.Add(new RecordedRequest(route, request.RequestUri, request.Headers.Authorization?.ToString(), request.Content?.Headers.ContentType?.MediaType, body));
            _routes.TryGetValue(route, out respond);
        }

        return respond?.Invoke(request, body) ?? Json(HttpStatusCode.NotFound, StatusJson(404, "NotFound", "no fake route " + route));
    }
}
