using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Loops;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Tests.Loops;

/// <summary>The node-lifecycle and taint-eviction loops together, as a node goes dark and its pods run out of toleration.</summary>
public sealed class NodeLifecycleTaintEvictionLoopTests : IDisposable
{
    private const string Tenant = TestControlPlane.Tenant;

    private readonly TestControlPlane _controlPlane = new();
    private readonly List<string> _created = [];

    private LoopKey Key { get; } = new(Tenant);

    [Fact]
    public async Task ReconcileAsync_NodeUnreachable_EvictsEachPodWhenItsTolerationRunsOut()
    {
        await DarkNodeAsync();
        await PodAsync("defaults");                               // 300 s by default
        await PodAsync("short", Tolerate(seconds: 10));
        await PodAsync("forever", Tolerate(seconds: null));
        // Counts as tolerating for the defaults (so none is added) but matches no taint: the value differs.
        await PodAsync("untolerated", new Toleration { Key = "node.kubernetes.io/unreachable", Operator = "Equal", Value = "x", Effect = "NoExecute" });
        await NodeLifecycle.ReconcileAsync(Key, CancellationToken.None);

        await Eviction.ReconcileAsync(Key, CancellationToken.None);
        var atOnce = await EvictedAsync();
        _controlPlane.Time.Advance(TimeSpan.FromSeconds(9));
        await Eviction.ReconcileAsync(Key, CancellationToken.None);
        var after9 = await EvictedAsync();
        _controlPlane.Time.Advance(TimeSpan.FromSeconds(1));
        await Eviction.ReconcileAsync(Key, CancellationToken.None);
        var after10 = await EvictedAsync();
        _controlPlane.Time.Advance(TimeSpan.FromSeconds(290));
        await Eviction.ReconcileAsync(Key, CancellationToken.None);
        var after300 = await EvictedAsync();
        _controlPlane.Time.Advance(TimeSpan.FromDays(1));
        await Eviction.ReconcileAsync(Key, CancellationToken.None);

        Assert.Equal(["untolerated"], atOnce);
        Assert.Equal(["untolerated"], after9);
        Assert.Equal(["short", "untolerated"], after10);
        Assert.Equal(["defaults", "short", "untolerated"], after300);
        Assert.Equal(["defaults", "short", "untolerated"], await EvictedAsync());
    }

    [Fact]
    public async Task ResyncPeriod_WhileANodeHasANoExecuteTaint_IsTheEvictionPeriodAndOtherwiseTheControllerPeriod()
    {
        var options = _controlPlane.Services.GetRequiredService<IOptions<LoopOptions>>().Value;
        await DarkNodeAsync();
        await PodAsync("web-1", Tolerate(seconds: 60));
        await Eviction.ReconcileAsync(Key, CancellationToken.None);
        var beforeTaint = Eviction.ResyncPeriod;

        await NodeLifecycle.ReconcileAsync(Key, CancellationToken.None);
        await Eviction.ReconcileAsync(Key, CancellationToken.None);
        var tainted = Eviction.ResyncPeriod;

        await ReportReadyAsync();
        await NodeLifecycle.ReconcileAsync(Key, CancellationToken.None);
        await Eviction.ReconcileAsync(Key, CancellationToken.None);

        Assert.Equal(options.ControllerResyncPeriod, beforeTaint);
        Assert.Equal(TimeSpan.FromSeconds(1), tainted);
        Assert.Equal(options.ControllerResyncPeriod, Eviction.ResyncPeriod);
    }

    [Fact]
    public async Task ReconcileAsync_PodEvicted_RecordsTaintManagerEviction()
    {
        await DarkNodeAsync();
        await PodAsync("web-1", Tolerate(seconds: 0));
        await NodeLifecycle.ReconcileAsync(Key, CancellationToken.None);

        await Eviction.ReconcileAsync(Key, CancellationToken.None);

        var events = (await _controlPlane.ListAsync(ResourceRegistry.Events)).Select(e => e.Object).ToList();
        var eviction = Assert.Single(events, e => e.Reason == "TaintManagerEviction");
        Assert.Equal(("Normal", "Marking for deletion Pod default/web-1", "Pod", "web-1"), (eviction.Type, eviction.Message, eviction.InvolvedObject?.Kind, eviction.InvolvedObject?.Name));
        Assert.Equal("taint-eviction-controller", eviction.Source?.Component);
    }

    [Fact]
    public async Task ReconcileAsync_NodeBackBeforeTheTolerationRunsOut_EvictsNothing()
    {
        await DarkNodeAsync();
        await PodAsync("web-1", Tolerate(seconds: 60));
        await NodeLifecycle.ReconcileAsync(Key, CancellationToken.None);
        _controlPlane.Time.Advance(TimeSpan.FromSeconds(30));
        await ReportReadyAsync();
        await NodeLifecycle.ReconcileAsync(Key, CancellationToken.None);

        _controlPlane.Time.Advance(TimeSpan.FromMinutes(10));
        await Eviction.ReconcileAsync(Key, CancellationToken.None);

        Assert.Empty(await EvictedAsync());
    }

    [Fact]
    public async Task ReconcileAsync_NoNoExecuteTaint_ReadsOnlyTheNodes()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("worker-1"));
        await PodAsync("web-1");
        var commits = _controlPlane.Store.CommitCount;

        await Eviction.ReconcileAsync(Key, CancellationToken.None);

        Assert.Equal(commits, _controlPlane.Store.CommitCount);
        Assert.Empty(await EvictedAsync());
    }

    [Fact]
    public void KeysFor_NodeGainsANoExecuteTaint_WakesTheLoop()
    {
        var tainted = Manifests.Node("worker-1");
        tainted.Spec = new NodeSpec { Taints = [new Taint { Key = "node.kubernetes.io/unreachable", Effect = "NoExecute" }] };

        Assert.Single(Eviction.KeysFor(new ObjectChange(Tenant, ResourceRegistry.Nodes, Manifests.Node("worker-1"), tainted)));
        Assert.Empty(Eviction.KeysFor(new ObjectChange(Tenant, ResourceRegistry.Nodes, tainted, Manifests.Node("worker-1"))));
    }

    private NodeLifecycleLoop NodeLifecycle => _controlPlane.Loop<NodeLifecycleLoop>();

    private TaintEvictionLoop Eviction => _controlPlane.Loop<TaintEvictionLoop>();

    private static Toleration Tolerate(long? seconds) =>
        new() { Key = "node.kubernetes.io/unreachable", Operator = "Exists", Effect = "NoExecute", TolerationSeconds = seconds };

    /// <summary>A Ready node whose lease is now older than the grace period.</summary>
    private async Task DarkNodeAsync()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("worker-1"));
        await _controlPlane.Leases.RenewAsync(new NodeLease(Tenant, "worker-1", "agent", _controlPlane.Time.GetUtcNow(), 40), CancellationToken.None);
        _controlPlane.Time.Advance(TimeSpan.FromSeconds(41));
    }

    private async Task ReportReadyAsync()
    {
        await _controlPlane.Leases.RenewAsync(new NodeLease(Tenant, "worker-1", "agent", _controlPlane.Time.GetUtcNow(), 40), CancellationToken.None);
        var stored = (await _controlPlane.GetAsync(ResourceRegistry.Nodes, "worker-1"))!;
        var report = ResourceRegistry.Nodes.Clone(stored.Object);
        report.Status = Manifests.Node("worker-1").Status;
        await _controlPlane.Objects.UpdateAsync(ResourceRegistry.Nodes, Tenant, stored.Untyped(), report, UpdateScope.Status, CancellationToken.None);
    }

    private Task PodAsync(string name, params Toleration[] tolerations)
    {
        _created.Add(name);
        var pod = Manifests.Pod(name, "worker-1");
        pod.Spec!.Tolerations = tolerations.Length == 0 ? null : [.. tolerations];
        return _controlPlane.CreateAsync(ResourceRegistry.Pods, pod);
    }

    /// <summary>The pods evicted so far: deleted, or terminating under a graceful deletion.</summary>
    private async Task<List<string>> EvictedAsync()
    {
        var remaining = (await _controlPlane.ListAsync(ResourceRegistry.Pods)).Select(p => p.Object).ToList();
        return [.. _created.Where(name =>
            remaining.Find(p => p.Metadata.Name == name) is not { } pod || pod.Metadata.DeletionTimestamp is not null).Order()];
    }

    public void Dispose() => _controlPlane.Dispose();
}
