using Orchestrator.ControlPlane.Loops;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.ControlPlane.Tests.Loops;

public sealed class ChangeLogCompactionLoopTests : IDisposable
{
    private const string Tenant = TestControlPlane.Tenant;

    private readonly TestControlPlane _controlPlane = new();

    private ChangeLogCompactionLoop Loop => _controlPlane.Loop<ChangeLogCompactionLoop>();

    [Fact]
    public async Task ReconcileAsync_ChangesOlderThanTheRetention_AreCompactedAndNewerOnesKept()
    {
        var start = await _controlPlane.Store.GetPositionAsync(Tenant, CancellationToken.None);
        var old = await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("old"));
        _controlPlane.Time.Advance(TimeSpan.FromMinutes(4));
        var recent = await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("recent"));
        _controlPlane.Time.Advance(TimeSpan.FromMinutes(2));

        await Loop.ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);

        // Retention is 5 minutes: "old" (6 minutes) went, "recent" (2 minutes) stayed, and both objects are still there.
        var expired = await Assert.ThrowsAsync<StoreException>(() => _controlPlane.Store.ReadChangesAsync(Tenant, start, 10, CancellationToken.None));
        Assert.Equal(StoreFailure.Expired, expired.Failure);
        var kept = await _controlPlane.Store.ReadChangesAsync(Tenant, old.Stored.ResourceVersion, 10, CancellationToken.None);
        Assert.Equal(["recent"], kept.Changes.Select(c => c.Object.Key.Name));
        Assert.NotNull(await _controlPlane.GetAsync(ResourceRegistry.Pods, "old"));
        Assert.Equal(recent.Stored.ResourceVersion, kept.Changes[0].Object.ResourceVersion);
    }

    [Fact]
    public void ResyncPeriod_IsTheConfiguredCompactionPeriod()
    {
        Assert.Equal(TimeSpan.FromMinutes(1), Loop.ResyncPeriod);
        Assert.Empty(Loop.KeysFor(new Orchestrator.ControlPlane.Objects.ObjectChange(Tenant, ResourceRegistry.Pods, null, Manifests.Pod("any"))));
    }

    public void Dispose() => _controlPlane.Dispose();
}
