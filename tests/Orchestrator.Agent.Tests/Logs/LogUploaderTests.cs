using System.Net;
using Orchestrator.Agent.Api;
using Orchestrator.Agent.Logs;
using Orchestrator.Agent.Tests.Probes;
using Orchestrator.Agent.Tests.Support;

namespace Orchestrator.Agent.Tests.Logs;

public sealed class LogUploaderTests : IDisposable
{
    private const string Route = "PUT /agent/v1/nodes/node-1/logs/r1";
    private static readonly Uri ServerUrl = new("agent/v1/nodes/node-1/logs/r1", UriKind.Relative);

    private readonly AgentHarness _agent = new();

    public LogUploaderTests() => _agent.Join();

    public void Dispose() => _agent.Dispose();

    [Fact]
    public async Task UploadAsync_RelativeUrl_PutsTheTextToTheServerWithTheNodeCredential()
    {
        _agent.Answer(Route, HttpStatusCode.NoContent);

        await Uploader().UploadAsync(ServerUrl, LogReadResult.Ok("line 1\nline 2\n"), CancellationToken.None);

        var request = Assert.Single(_agent.ControlPlane.Requests);
        Assert.Equal(new Uri("http://control-plane.test/agent/v1/nodes/node-1/logs/r1?outcome=ok"), request.Uri);
        Assert.Equal("Bearer " + AgentHarness.Token, request.Authorization);
        Assert.Equal("text/plain", request.ContentType);
        Assert.Equal("line 1\nline 2\n", request.Body);
    }

    [Fact]
    public async Task UploadAsync_RelativeUrlAndNoLog_SaysWhyWithTheErrorOutcome()
    {
        _agent.Answer(Route, HttpStatusCode.NoContent);

        await Uploader().UploadAsync(ServerUrl, LogReadResult.Error("previous terminated container \"app\" in pod \"web\" not found"), CancellationToken.None);

        var request = Assert.Single(_agent.ControlPlane.Requests);
        Assert.Equal("?outcome=error", request.Uri.Query);
        Assert.Equal("previous terminated container \"app\" in pod \"web\" not found", request.Body);
    }

    [Fact]
    public async Task UploadAsync_LogTooLargeForTheServer_AnswersWhyInstead()
    {
        var attempts = 0;
        _agent.ControlPlane.On(Route, (_, _) => ++attempts == 1
            ? FakeControlPlane.Json(HttpStatusCode.RequestEntityTooLarge, FakeControlPlane.StatusJson(413, "RequestEntityTooLarge", "too large"))
            : new HttpResponseMessage(HttpStatusCode.NoContent));

        await Uploader().UploadAsync(ServerUrl, LogReadResult.Ok("a very long log"), CancellationToken.None);

        var retry = _agent.ControlPlane.Requests[^1];
        Assert.Equal(2, attempts);
        Assert.Equal("?outcome=error", retry.Uri.Query);
        Assert.Contains("tailLines", retry.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadAsync_RequestNoLongerPending_Throws()
    {
        _agent.Answer(Route, HttpStatusCode.NotFound, FakeControlPlane.StatusJson(404, "NotFound", "no log request"));

        await Assert.ThrowsAsync<NodeApiException>(() => Uploader().UploadAsync(ServerUrl, LogReadResult.Ok("late"), CancellationToken.None));
    }

    [Fact]
    public async Task UploadAsync_AbsoluteUrl_WritesTheBlobAndNotToTheServer()
    {
        using var blobs = new TestHttpServer(context => context.Response.StatusCode = 201);
        var url = new Uri($"http://127.0.0.1:{blobs.Port}/devstoreaccount1/logs/acme/r1?sv=2024-01-01&sig=write-only");

        await Uploader().UploadAsync(url, LogReadResult.Ok("line 1\n"), CancellationToken.None);

        var put = Assert.Single(blobs.Requests);
        Assert.StartsWith("/devstoreaccount1/logs/acme/r1?", put.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal("ok", put.Headers["x-ms-meta-outcome"]);
        Assert.Empty(_agent.ControlPlane.Requests);
    }

    private LogUploader Uploader() => new(_agent.Api, new BlobLogUploader());
}
