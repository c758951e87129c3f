using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Agent.Logs;
using Orchestrator.Core.Channels;

namespace Orchestrator.Agent.Tests.Logs;

public sealed class LogRequestHandlerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingUploader _uploader = new();

    [Fact]
    public async Task HandleAsync_SourceKnowsTheContainer_UploadsItsLogToTheRequestsUrl()
    {
        var handler = Handler(new FixedSource(null), new FixedSource(LogReadResult.Ok("hello\n")));

        await handler.HandleAsync(Request(), CancellationToken.None);

        var (url, result) = Assert.Single(_uploader.Uploads);
        Assert.Equal(new Uri("http://blob.test/logs/acme/r1?sig=secret"), url);
        Assert.Equal(LogReadResult.Ok("hello\n"), result);
    }

    [Fact]
    public async Task HandleAsync_RelativeUploadUrl_HandsTheServerRouteToTheUploader()
    {
        var request = Request() with { UploadUrl = "agent/v1/nodes/node-1/logs/r1" };

        await Handler(new FixedSource(LogReadResult.Ok("hello\n"))).HandleAsync(request, CancellationToken.None);

        var (url, _) = Assert.Single(_uploader.Uploads);
        Assert.False(url.IsAbsoluteUri);
        Assert.Equal("agent/v1/nodes/node-1/logs/r1", url.OriginalString);
    }

    [Fact]
    public async Task HandleAsync_NoSourceKnowsTheContainer_UploadsWaitingToStart()
    {
        await Handler(new FixedSource(null)).HandleAsync(Request(), CancellationToken.None);

        var (_, result) = Assert.Single(_uploader.Uploads);
        Assert.Equal(LogReadResult.Error("container \"app\" in pod \"web\" is waiting to start: ContainerCreating"), result);
    }

    [Fact]
    public async Task HandleAsync_RequestExpired_UploadsNothing()
    {
        var request = Request();
        _time.Advance(TimeSpan.FromMinutes(6));

        await Handler(new FixedSource(LogReadResult.Ok("late\n"))).HandleAsync(request, CancellationToken.None);

        Assert.Empty(_uploader.Uploads);
    }

    private LogRequestHandler Handler(params ILogSource[] sources) =>
        new(sources, _uploader, _time, NullLogger<LogRequestHandler>.Instance);

    private LogRequest Request() => new(
        "acme", "node-1", "r1", "default", "web", "uid-1", "app", null, null, false, false,
        "http://blob.test/logs/acme/r1?sig=secret", _time.GetUtcNow().AddMinutes(5));

    private sealed class FixedSource(LogReadResult? result) : ILogSource
    {
        public Task<LogReadResult?> ReadAsync(LogQuery query, CancellationToken cancellationToken) => Task.FromResult(result);
    }

    private sealed class RecordingUploader : ILogUploader
    {
        public List<(Uri Url, LogReadResult Result)> Uploads { get; } = [];

        public Task UploadAsync(Uri uploadUrl, LogReadResult result, CancellationToken cancellationToken)
        {
            Uploads.Add((uploadUrl, result));
            return Task.CompletedTask;
        }
    }
}
