using Orchestrator.ControlPlane.Loops;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.ControlPlane.Tests.Loops;

public sealed class NodeLifecycleLoopTests : IDisposable
{
    private const string Tenant = TestControlPlane.Tenant;

    private readonly TestControlPlane _controlPlane = new();

    private NodeLifecycleLoop Loop => _controlPlane.Loop<NodeLifecycleLoop>();

    [Fact]
    public async Task ReconcileAsync_LeaseOlderThanTheGracePeriod_MarksTheNodeReadyUnknown()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("worker-1"));
        await RenewAsync("worker-1");
        _controlPlane.Time.Advance(TimeSpan.FromSeconds(41));

        await Loop.ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);

        var node = (await _controlPlane.GetAsync(ResourceRegistry.Nodes, "worker-1"))!.Object;
        var ready = Assert.Single(node.Status?.Conditions ?? [], c => c.Type == "Ready");
        Assert.Equal(("Unknown", "NodeStatusUnknown"), (ready.Status, ready.Reason));
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 8, 0, 41, TimeSpan.Zero), ready.LastTransitionTime);
        Assert.Equal(["process"], node.Status?.RuntimeHandlers?.Select(h => h.Name));
        Assert.Equal("110", node.Status?.Capacity?["pods"].Text);
    }

    [Fact]
    public async Task ReconcileAsync_LeaseWithinTheGracePeriod_LeavesTheNodeAlone()
    {
        var created = await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("worker-1"));
        _controlPlane.Time.Advance(TimeSpan.FromSeconds(30));
        await RenewAsync("worker-1");
        _controlPlane.Time.Advance(TimeSpan.FromSeconds(39));

        await Loop.ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);

        var node = (await _controlPlane.GetAsync(ResourceRegistry.Nodes, "worker-1"))!.Object;
        Assert.Equal("True", Assert.Single(node.Status?.Conditions ?? [], c => c.Type == "Ready").Status);
        Assert.Equal(created.Object.Metadata.ResourceVersion, node.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task ReconcileAsync_OneStaleOneFreshNode_MarksOnlyTheStaleOne()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("stale"));
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("fresh"));
        await RenewAsync("stale");
        _controlPlane.Time.Advance(TimeSpan.FromMinutes(2));
        await RenewAsync("fresh");

        await Loop.ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);

        Assert.Equal("Unknown", await ReadyOfAsync("stale"));
        Assert.Equal("True", await ReadyOfAsync("fresh"));
    }

    [Fact]
    public async Task ReconcileAsync_ConfiguredGracePeriod_IsTheOneApplied()
    {
        using var controlPlane = new TestControlPlane(configureLoops: o => o.NodeGracePeriod = TimeSpan.FromSeconds(10));
        await controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("worker-1"));
        await controlPlane.Leases.RenewAsync(new NodeLease(Tenant, "worker-1", "agent", controlPlane.Time.GetUtcNow(), 10), CancellationToken.None);
        controlPlane.Time.Advance(TimeSpan.FromSeconds(11));

        await controlPlane.Loop<NodeLifecycleLoop>().ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);

        var node = (await controlPlane.GetAsync(ResourceRegistry.Nodes, "worker-1"))!.Object;
        Assert.Equal("Unknown", node.Status?.Conditions?.Single(c => c.Type == "Ready").Status);
    }

    [Fact]
    public async Task ReconcileAsync_NodeAlreadyUnknown_IsNotRewritten()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("worker-1"));
        await RenewAsync("worker-1");
        _controlPlane.Time.Advance(TimeSpan.FromMinutes(1));
        await Loop.ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);
        var commits = _controlPlane.Store.CommitCount;
        _controlPlane.Time.Advance(TimeSpan.FromMinutes(1));

        await Loop.ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);

        Assert.Equal(commits, _controlPlane.Store.CommitCount);
    }

    private Task RenewAsync(string node) =>
        _controlPlane.Leases.RenewAsync(new NodeLease(Tenant, node, "agent-" + node, _controlPlane.Time.GetUtcNow(), 40), CancellationToken.None);

    private async Task<string?> ReadyOfAsync(string node) =>
        (await _controlPlane.GetAsync(ResourceRegistry.Nodes, node))!.Object.Status?.Conditions?.Single(c => c.Type == "Ready").Status;

    public void Dispose() => _controlPlane.Dispose();
}
