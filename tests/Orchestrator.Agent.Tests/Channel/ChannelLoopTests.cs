using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Agent.Channel;
using Orchestrator.Agent.Logs;
using Orchestrator.Agent.Tests.Support;
using Orchestrator.Core.Channels;
using Orchestrator.Messaging;

namespace Orchestrator.Agent.Tests.Channel;

public sealed class ChannelLoopTests : IDisposable
{
    private const string Route = "GET /agent/v1/nodes/node-1/channel";

    private readonly AgentHarness _agent = new();
    private readonly FakeReceiverFactory _receivers = new();
    private readonly LogRequestQueue _logRequests = new();

    public ChannelLoopTests()
    {
        _agent.Join();
        _agent.ControlPlane.On(Route, (_, _) => FakeControlPlane.Json(HttpStatusCode.OK,
            $$"""{"kind":"storage-queue","address":"http://queue.test/q?sig=secret","expiresOn":"{{_agent.Time.GetUtcNow().AddMinutes(10):O}}"}"""));
    }

    public void Dispose() => _agent.Dispose();

    [Fact]
    public async Task RunOnceAsync_Nudges_FetchAGrantOnceAndWakeTheDesiredStateFetch()
    {
        var loop = Loop();
        _receivers.Answers.Enqueue(() => [Nudge(), Nudge(), Nudge()]);

        await loop.RunOnceAsync(CancellationToken.None);
        await loop.RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, _agent.ControlPlane.Count(Route));
        Assert.Single(_receivers.Grants);
        Assert.True(await _agent.Signals.FetchDesired.WaitAsync(TimeSpan.Zero, _agent.Time, CancellationToken.None));
        Assert.False(await _agent.Signals.FetchDesired.WaitAsync(TimeSpan.Zero, _agent.Time, CancellationToken.None));
        Assert.True(await _agent.Signals.FetchServices.WaitAsync(TimeSpan.Zero, _agent.Time, CancellationToken.None));
    }

    [Theory]
    [InlineData(NodeNudge.PodsChanged, true, false)]
    [InlineData(NodeNudge.ServicesChanged, false, true)]
    [InlineData("pods changed, services changed", true, true)]
    [InlineData("mailbox reopened", true, true)]
    public async Task RunOnceAsync_NudgeReason_WakesOnlyTheFetchesItConcerns(string reason, bool pods, bool services)
    {
        var loop = Loop();
        _receivers.Answers.Enqueue(() => [new NodeNudge("tenant", "node-1", reason, _agent.Time.GetUtcNow())]);

        await loop.RunOnceAsync(CancellationToken.None);
        await loop.RunOnceAsync(CancellationToken.None);

        Assert.Equal(pods, await _agent.Signals.FetchDesired.WaitAsync(TimeSpan.Zero, _agent.Time, CancellationToken.None));
        Assert.Equal(services, await _agent.Signals.FetchServices.WaitAsync(TimeSpan.Zero, _agent.Time, CancellationToken.None));
    }

    [Fact]
    public async Task RunOnceAsync_GrantExpired_FetchesANewGrantOnTheNextIteration()
    {
        var loop = Loop();
        _receivers.Answers.Enqueue(() => throw new ChannelGrantExpiredException("403"));

        await Assert.ThrowsAsync<ChannelGrantExpiredException>(() => loop.RunOnceAsync(CancellationToken.None));
        await loop.RunOnceAsync(CancellationToken.None);

        Assert.Equal(2, _agent.ControlPlane.Count(Route));
        Assert.Equal(2, _receivers.Grants.Count);
    }

    [Fact]
    public async Task RunOnceAsync_GrantNearExpiry_IsRenewedBeforeItExpires()
    {
        var loop = Loop();
        await loop.RunOnceAsync(CancellationToken.None);

        _agent.Time.Advance(TimeSpan.FromMinutes(7));
        await loop.RunOnceAsync(CancellationToken.None);
        Assert.Equal(1, _agent.ControlPlane.Count(Route));

        _agent.Time.Advance(TimeSpan.FromMinutes(1));
        await loop.RunOnceAsync(CancellationToken.None);
        Assert.Equal(2, _agent.ControlPlane.Count(Route));
    }

    [Fact]
    public async Task RunOnceAsync_LogRequestAmongNudges_QueuesTheRequestAndStillWakesTheFetch()
    {
        var loop = Loop();
        var request = new LogRequest(
            "tenant", "node-1", "r1", "default", "web", "uid-1", "app", 10, null, false, false,
            "http://blob.test/logs/tenant/r1?sig=secret", _agent.Time.GetUtcNow().AddMinutes(5));
        _receivers.Answers.Enqueue(() => [Nudge(), request]);

        await loop.RunOnceAsync(CancellationToken.None);

        Assert.True(_logRequests.Reader.TryRead(out var queued));
        Assert.Equal(request, queued);
        Assert.True(await _agent.Signals.FetchDesired.WaitAsync(TimeSpan.Zero, _agent.Time, CancellationToken.None));
    }

    [Fact]
    public async Task RunOnceAsync_OnlyALogRequest_DoesNotFetchTheDesiredPods()
    {
        var loop = Loop();
        _receivers.Answers.Enqueue(() =>
        [
            new LogRequest("tenant", "node-1", "r1", "default", "web", "uid-1", "app", null, null, false, false, "http://blob.test/x?sig=s", _agent.Time.GetUtcNow().AddMinutes(5)),
        ]);

        await loop.RunOnceAsync(CancellationToken.None);

        Assert.True(_logRequests.Reader.TryRead(out _));
        Assert.False(await _agent.Signals.FetchDesired.WaitAsync(TimeSpan.Zero, _agent.Time, CancellationToken.None));
    }

    private ChannelLoop Loop() =>
        new(_agent.Api, _agent.Identity, _receivers, _agent.Signals, _logRequests, _agent.Time, NullLogger<ChannelLoop>.Instance);

    private NodeNudge Nudge() => new("tenant", "node-1", "pod-bound", _agent.Time.GetUtcNow());
}
