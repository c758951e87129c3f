using Microsoft.Extensions.DependencyInjection;
using Orchestrator.ControlPlane.Api;
using Orchestrator.ControlPlane.Loops;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.Testing.Fakes;

namespace Orchestrator.ControlPlane.Tests.Loops;

public sealed class ControlLoopRunnerTests : IDisposable
{
    private readonly TestControlPlane _controlPlane = new();

    private ControlLoopRunner Runner => _controlPlane.Services.GetRequiredService<ControlLoopRunner>();

    [Fact]
    public async Task RunAsync_OneKeyThrows_ReconcilesTheOthersAndReturnsTheFailedKey()
    {
        var loop = new RecordingControlLoop("test");
        LoopKey a = new("acme", "default", "a"), b = new("acme", "default", "b"), c = new("acme", "default", "c");
        loop.FailOn(b, new InvalidOperationException("broken object"));

        var failed = await Runner.RunAsync(loop, [a, b, c], CancellationToken.None);

        Assert.Equal([b], failed);
        Assert.Equal([a, c], loop.Reconciled);
    }

    [Fact]
    public async Task RunAsync_ConflictAndFailure_ReturnsBothForRetry()
    {
        var loop = new RecordingControlLoop("test");
        LoopKey a = new("acme", "default", "a"), b = new("acme", "default", "b"), c = new("acme", "default", "c");
        loop.FailOn(a, new ApiException(StatusErrors.Conflict(ResourceRegistry.Pods, "a")));
        loop.FailOn(c, new TimeoutException());

        var failed = await Runner.RunAsync(loop, [a, b, c], CancellationToken.None);

        Assert.Equal([a, c], failed);
        Assert.Equal([b], loop.Reconciled);
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsInsteadOfReportingAFailure()
    {
        var loop = new RecordingControlLoop("test");
        loop.FailOn(new LoopKey("acme"), new OperationCanceledException());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Runner.RunAsync(loop, [new LoopKey("acme"), new LoopKey("globex")], CancellationToken.None));

        Assert.Empty(loop.Reconciled);
    }

    [Fact]
    public async Task ResyncAsync_EveryTenant_IsReconciledEvenAfterAFailure()
    {
        await _controlPlane.Identities.CreateTenantAsync("acme", _controlPlane.Time.GetUtcNow(), CancellationToken.None);
        await _controlPlane.Identities.CreateTenantAsync("globex", _controlPlane.Time.GetUtcNow(), CancellationToken.None);
        await _controlPlane.Identities.CreateTenantAsync("initech", _controlPlane.Time.GetUtcNow(), CancellationToken.None);
        var loop = new RecordingControlLoop("test");
        loop.FailOn(new LoopKey("globex"), new InvalidOperationException());

        await Runner.ResyncAsync(loop, CancellationToken.None);

        Assert.Equal([new LoopKey("acme"), new LoopKey("initech")], loop.Reconciled);
    }

    [Fact]
    public async Task ResyncAsync_TenantCreatedAfterAPass_IsReconciledOnceTheTenantListLifetimePasses()
    {
        await _controlPlane.Identities.CreateTenantAsync("acme", _controlPlane.Time.GetUtcNow(), CancellationToken.None);
        var loop = new RecordingControlLoop("test");
        await Runner.ResyncAsync(loop, CancellationToken.None);

        // The list read by the last pass is reused for a while (one store query per loop and pass was most of an idle
        // control plane's reads), so the new tenant waits for the next read.
        await _controlPlane.Identities.CreateTenantAsync("globex", _controlPlane.Time.GetUtcNow(), CancellationToken.None);
        _controlPlane.Time.Advance(ControlLoopRunner.TenantListLifetime - TimeSpan.FromSeconds(1));
        await Runner.ResyncAsync(loop, CancellationToken.None);
        var withinLifetime = loop.Reconciled.ToList();
        _controlPlane.Time.Advance(TimeSpan.FromSeconds(1));
        await Runner.ResyncAsync(loop, CancellationToken.None);

        Assert.Equal([new LoopKey("acme"), new LoopKey("acme")], withinLifetime);
        Assert.Equal([new LoopKey("acme"), new LoopKey("acme"), new LoopKey("acme"), new LoopKey("globex")], loop.Reconciled);
    }

    public void Dispose() => _controlPlane.Dispose();
}
