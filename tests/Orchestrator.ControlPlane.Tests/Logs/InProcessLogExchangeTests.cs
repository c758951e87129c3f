using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.ControlPlane.Logs;

namespace Orchestrator.ControlPlane.Tests.Logs;

public sealed class InProcessLogExchangeTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly InProcessLogExchange _exchange;

    public InProcessLogExchangeTests() => _exchange = new InProcessLogExchange(_time);

    [Fact]
    public async Task CreateUploadAsync_Request_ReturnsTheRelativeRouteOfTheNodeAndTheExpiry()
    {
        var upload = await _exchange.CreateUploadAsync("acme", "node-1", "r1", Lifetime, None);

        Assert.False(upload.Url.IsAbsoluteUri);
        Assert.Equal("agent/v1/nodes/node-1/logs/r1", upload.Url.OriginalString);
        Assert.Equal(_time.GetUtcNow() + Lifetime, upload.ExpiresOn);
    }

    [Fact]
    public async Task TryTakeAsync_Answered_ReturnsTheAnswerOnceAndForgetsTheRequest()
    {
        await _exchange.CreateUploadAsync("acme", "node-1", "r1", Lifetime, None);
        Assert.Null(await _exchange.TryTakeAsync("acme", "r1", None));

        Assert.True(_exchange.TryAnswer("acme", "node-1", "r1", new LogAnswer(true, "line 1\n")));

        Assert.Equal(new LogAnswer(true, "line 1\n"), await _exchange.TryTakeAsync("acme", "r1", None));
        Assert.Null(await _exchange.TryTakeAsync("acme", "r1", None));
        Assert.Equal(0, _exchange.Count);
    }

    [Theory]
    [InlineData("acme", "node-2", "r1")]
    [InlineData("other", "node-1", "r1")]
    [InlineData("acme", "node-1", "r2")]
    public async Task TryAnswer_OtherNodeTenantOrRequest_IsRefused(string tenant, string node, string requestId)
    {
        await _exchange.CreateUploadAsync("acme", "node-1", "r1", Lifetime, None);

        Assert.False(_exchange.IsAwaiting(tenant, node, requestId));
        Assert.False(_exchange.TryAnswer(tenant, node, requestId, new LogAnswer(true, "not yours")));
        Assert.Null(await _exchange.TryTakeAsync("acme", "r1", None));
    }

    [Fact]
    public async Task TryAnswer_AnsweredAlready_IsRefusedAndKeepsTheFirstAnswer()
    {
        await _exchange.CreateUploadAsync("acme", "node-1", "r1", Lifetime, None);
        _exchange.TryAnswer("acme", "node-1", "r1", new LogAnswer(true, "first"));

        Assert.False(_exchange.TryAnswer("acme", "node-1", "r1", new LogAnswer(true, "second")));
        Assert.Equal(new LogAnswer(true, "first"), await _exchange.TryTakeAsync("acme", "r1", None));
    }

    [Fact]
    public async Task TryAnswer_PastTheLifetime_IsRefusedAndTheRequestIsForgottenByTheNextUpload()
    {
        await _exchange.CreateUploadAsync("acme", "node-1", "r1", Lifetime, None);
        _time.Advance(Lifetime);

        Assert.False(_exchange.TryAnswer("acme", "node-1", "r1", new LogAnswer(true, "late")));
        await _exchange.CreateUploadAsync("acme", "node-1", "r2", Lifetime, None);
        Assert.Equal(1, _exchange.Count);
    }

    [Fact]
    public async Task DeleteAsync_GivenUp_ForgetsTheRequestAndRefusesItsAnswer()
    {
        await _exchange.CreateUploadAsync("acme", "node-1", "r1", Lifetime, None);

        await _exchange.DeleteAsync("acme", "r1", None);

        Assert.False(_exchange.TryAnswer("acme", "node-1", "r1", new LogAnswer(true, "late")));
        Assert.Equal(0, _exchange.Count);
    }

    [Fact]
    public void AddInProcessLogExchange_Resolved_IsTheLogExchange()
    {
        using var provider = new ServiceCollection().AddInProcessLogExchange().BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<InProcessLogExchange>(), provider.GetRequiredService<ILogExchange>());
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(64L * 1024 * 1024)]
    public void LogOptionsValidator_MaxUploadBytesOutOfRange_FailsNamingIt(long bytes)
    {
        var result = new LogOptionsValidator().Validate(Options.DefaultName, new LogOptions { MaxUploadBytes = bytes });

        Assert.True(result.Failed);
        Assert.Contains(nameof(LogOptions.MaxUploadBytes), result.FailureMessage, StringComparison.Ordinal);
    }
}
