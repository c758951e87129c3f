using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Agent.Lease;
using Orchestrator.Agent.Tests.Support;

namespace Orchestrator.Agent.Tests.Lease;

public sealed class LeaseLoopTests : IDisposable
{
    private const string Route = "PUT /agent/v1/nodes/node-1/lease";

    private readonly AgentHarness _agent = new();
    private readonly LeaseContinuity _continuity = new();

    public void Dispose() => _agent.Dispose();

    [Fact]
    public async Task Loop_Healthy_RenewsEveryLeaseIntervalWithTheLeaseDuration()
    {
        _agent.Join();
        _agent.Answer(Route, HttpStatusCode.OK, """{"renewTime":"2025-01-01T12:00:00Z"}""");
        var loop = new LeaseLoop(_agent.Api, _agent.Identity, _continuity, _agent.WrappedOptions, _agent.Time, NullLogger<LeaseLoop>.Instance);

        await loop.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => _agent.ControlPlane.Count(Route) == 1, "the first renewal");
        await Task.Delay(100);
        _agent.Time.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(100);
        Assert.Equal(1, _agent.ControlPlane.Count(Route));
        _agent.Time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => _agent.ControlPlane.Count(Route) == 2, "the renewal one interval later");
        await loop.StopAsync(CancellationToken.None);

        Assert.All(_agent.ControlPlane.Requests, request => Assert.Equal("""{"holderIdentity":"node-1","leaseDurationSeconds":40}""", request.Body));
    }

    [Fact]
    public async Task Loop_CredentialRejected_BacksOffThirtySecondsThenDoubles()
    {
        _agent.Join();
        _agent.Answer(Route, HttpStatusCode.Unauthorized, FakeControlPlane.StatusJson(401, "Unauthorized", "bad token"));
        var loop = new LeaseLoop(_agent.Api, _agent.Identity, _continuity, _agent.WrappedOptions, _agent.Time, NullLogger<LeaseLoop>.Instance);

        await loop.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => _agent.ControlPlane.Count(Route) == 1, "the first renewal");
        await AdvanceAsync(TimeSpan.FromSeconds(29));
        Assert.Equal(1, _agent.ControlPlane.Count(Route));
        await AdvanceAsync(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => _agent.ControlPlane.Count(Route) == 2, "the retry after 30 s");
        await AdvanceAsync(TimeSpan.FromSeconds(59));
        Assert.Equal(2, _agent.ControlPlane.Count(Route));
        await AdvanceAsync(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => _agent.ControlPlane.Count(Route) == 3, "the retry after 60 s more");
        await loop.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Loop_ServerUnreachable_RetriesWithinTheLeaseInterval()
    {
        _agent.Join();
        _agent.ControlPlane.On(Route, (_, _) => throw new HttpRequestException("connection refused"));
        var loop = new LeaseLoop(_agent.Api, _agent.Identity, _continuity, _agent.WrappedOptions, _agent.Time, NullLogger<LeaseLoop>.Instance);

        await loop.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => _agent.ControlPlane.Count(Route) == 1, "the first renewal");
        await AdvanceAsync(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => _agent.ControlPlane.Count(Route) == 2, "a retry after one second");
        await loop.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Loop_RenewsAgainAfterFailures_CountsOneReconnection()
    {
        _agent.Join();
        var down = true;
        _agent.ControlPlane.On(Route, (_, _) => down
            ? throw new HttpRequestException("connection refused")
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"renewTime":"2025-01-01T12:00:00Z"}""") });
        var loop = new LeaseLoop(_agent.Api, _agent.Identity, _continuity, _agent.WrappedOptions, _agent.Time, NullLogger<LeaseLoop>.Instance);

        await loop.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => _agent.ControlPlane.Count(Route) == 1, "the first renewal");
        await AdvanceAsync(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => _agent.ControlPlane.Count(Route) == 2, "a retry");
        Assert.Equal(0, _continuity.Reconnections);
        down = false;
        await AdvanceAsync(TimeSpan.FromSeconds(2));
        await Eventually.TrueAsync(() => _continuity.Reconnections == 1, "the reconnection after the renewal succeeded");
        await AdvanceAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => _agent.ControlPlane.Count(Route) >= 4, "the next regular renewal");
        await loop.StopAsync(CancellationToken.None);

        Assert.Equal(1, _continuity.Reconnections);
    }

    [Fact]
    public async Task Loop_NextRenewalLaterThanTheLeaseDuration_CountsOneReconnection()
    {
        _agent.Join();
        _agent.Answer(Route, HttpStatusCode.OK, """{"renewTime":"2025-01-01T12:00:00Z"}""");
        var loop = new LeaseLoop(_agent.Api, _agent.Identity, _continuity, _agent.WrappedOptions, _agent.Time, NullLogger<LeaseLoop>.Instance);

        await loop.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => _agent.ControlPlane.Count(Route) == 1, "the first renewal");
        await AdvanceAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => _agent.ControlPlane.Count(Route) == 2, "a renewal on time");
        Assert.Equal(0, _continuity.Reconnections);

        // The machine slept through several renewals: the first one after waking is late by more than the lease.
        await AdvanceAsync(TimeSpan.FromSeconds(45));
        await Eventually.TrueAsync(() => _continuity.Reconnections == 1, "the renewal after the lapse");
        await loop.StopAsync(CancellationToken.None);
    }

    /// <summary>Lets the loop reach its delay before moving the clock, and lets it react after.</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        await Task.Delay(100);
        _agent.Time.Advance(by);
        await Task.Delay(100);
    }
}
