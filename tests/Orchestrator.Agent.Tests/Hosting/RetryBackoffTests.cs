using Microsoft.Extensions.Time.Testing;
using Orchestrator.Agent.Api;
using Orchestrator.Agent.Hosting;

namespace Orchestrator.Agent.Tests.Hosting;

public sealed class RetryBackoffTests
{
    [Fact]
    public void Next_TransientFailures_DoubleUpToTheMaximumAndResetAfterSuccess()
    {
        var backoff = new RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        var failure = new HttpRequestException("refused");

        Assert.Equal([1, 2, 4, 8, 10, 10], Enumerable.Range(0, 6).Select(_ => backoff.Next(failure).TotalSeconds));
        backoff.Reset();
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Next(failure));
    }

    [Fact]
    public void Next_CredentialRejected_WaitsAtLeastThirtySeconds()
    {
        var backoff = new RetryBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        var rejected = new NodeApiException(403, "Forbidden", "no");

        Assert.Equal([30, 60, 120, 240, 300], Enumerable.Range(0, 5).Select(_ => backoff.Next(rejected).TotalSeconds));
    }

    [Fact]
    public async Task WakeSignal_SetManyTimesBeforeAWait_WakesOnce()
    {
        var signal = new WakeSignal();
        var time = new FakeTimeProvider();
        signal.Set();
        signal.Set();

        Assert.True(await signal.WaitAsync(TimeSpan.FromHours(1), time, CancellationToken.None));
        var second = signal.WaitAsync(TimeSpan.FromSeconds(5), time, CancellationToken.None);
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.False(await second.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
