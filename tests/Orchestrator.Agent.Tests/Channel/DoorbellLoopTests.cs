using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Agent.Channel;
using Orchestrator.Agent.Tests.Support;
using Orchestrator.Messaging;

namespace Orchestrator.Agent.Tests.Channel;

public sealed class DoorbellLoopTests : IDisposable
{
    private const string Route = "GET /agent/v1/nodes/node-1/doorbell";

    private readonly AgentHarness _agent = new();
    private readonly WakeSignal _wakeup = new();
    private readonly Queue<long> _generations = new();

    public DoorbellLoopTests()
    {
        _agent.Join();
        _agent.ControlPlane.On(Route, (_, _) => FakeControlPlane.Json(HttpStatusCode.OK, $$"""{"generation":{{_generations.Dequeue()}}}"""));
    }

    public void Dispose() => _agent.Dispose();

    [Fact]
    public async Task RunOnceAsync_FirstAnswer_WakesTheReceiverAndAsksForThirtySecondsAsTheNode()
    {
        _generations.Enqueue(0);

        await Loop().RunOnceAsync(CancellationToken.None);

        Assert.True(await Woken());
        var request = Assert.Single(_agent.ControlPlane.Requests);
        Assert.Equal("?seen=-1&timeoutSeconds=30", request.Uri.Query);
        Assert.Equal("Bearer " + AgentHarness.Token, request.Authorization);
    }

    [Fact]
    public async Task RunOnceAsync_SameGenerationAgain_DoesNotWakeTheReceiver()
    {
        var loop = Loop();
        _generations.Enqueue(4);
        _generations.Enqueue(4);
        await loop.RunOnceAsync(CancellationToken.None);
        await Woken();

        await loop.RunOnceAsync(CancellationToken.None);

        Assert.False(await Woken());
        Assert.Equal("?seen=4&timeoutSeconds=30", _agent.ControlPlane.Requests[^1].Uri.Query);
    }

    [Fact]
    public async Task RunOnceAsync_NewGeneration_WakesTheReceiverAgain()
    {
        var loop = Loop();
        _generations.Enqueue(4);
        _generations.Enqueue(5);
        await loop.RunOnceAsync(CancellationToken.None);
        await Woken();

        await loop.RunOnceAsync(CancellationToken.None);

        Assert.True(await Woken());
    }

    [Fact]
    public async Task RunOnceAsync_WokenReceiver_EndsAStorageQueueWaitWithoutTheClockMoving()
    {
        // The wake reaches a receiver that is waiting out its back-off, on the receiver's own clock.
        _generations.Enqueue(1);
        var waiting = _wakeup.WaitAsync(TimeSpan.FromSeconds(60), _agent.Time, CancellationToken.None);

        await Loop().RunOnceAsync(CancellationToken.None);

        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task ExecuteAsync_NoDoorbell404_AsksAgainOnlyAfterTenMinutes()
    {
        _agent.ControlPlane.On(Route, HttpStatusCode.NotFound, FakeControlPlane.StatusJson(404, "NotFound", "this control plane has no doorbell"));
        using var loop = Loop();
        await loop.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => _agent.ControlPlane.Count(Route) == 1, "the first doorbell request was sent");
        var refused = _agent.Time.GetUtcNow();

        await Eventually.TrueAsync(
            () =>
            {
                _agent.Time.Advance(TimeSpan.FromSeconds(5));
                return _agent.ControlPlane.Count(Route) == 2;
            },
            "the doorbell was asked again",
            TimeSpan.FromSeconds(60));
        await loop.StopAsync(CancellationToken.None);

        Assert.InRange(_agent.Time.GetUtcNow() - refused, DoorbellLoop.NoDoorbellRetry, DoorbellLoop.NoDoorbellRetry + TimeSpan.FromSeconds(30));
        Assert.False(await Woken());
    }

    private Task<bool> Woken() => _wakeup.WaitAsync(TimeSpan.Zero, _agent.Time, CancellationToken.None);

    private DoorbellLoop Loop() => new(_agent.Api, _agent.Identity, _wakeup, _agent.Time, NullLogger<DoorbellLoop>.Instance);
}
