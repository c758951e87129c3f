using Orchestrator.ControlPlane.Loops;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Objects;

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
    public async Task ReconcileAsync_LeaseOlderThanTheGracePeriod_TaintsTheNodeUnreachableAndKeepsTheUsersTaints()
    {
        var manifest = Manifests.Node("worker-1");
        manifest.Spec = new NodeSpec { Taints = [new Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }] };
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, manifest);
        await RenewAsync("worker-1");
        _controlPlane.Time.Advance(TimeSpan.FromSeconds(41));

        await Loop.ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);

        var node = (await _controlPlane.GetAsync(ResourceRegistry.Nodes, "worker-1"))!.Object;
        Assert.Equal(
            ["dedicated=gpu:NoSchedule", "node.kubernetes.io/unreachable=:NoSchedule", "node.kubernetes.io/unreachable=:NoExecute"],
            node.Spec!.Taints!.Select(t => $"{t.Key}={t.Value}:{t.Effect}"));
        Assert.All(node.Spec.Taints!.Skip(1), t => Assert.Equal(new DateTimeOffset(2025, 1, 1, 8, 0, 41, TimeSpan.Zero), t.TimeAdded));
    }

    [Fact]
    public async Task ReconcileAsync_NodeTurnsUnknown_MarksItsPodsNotReadyInTheSameCommit()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("worker-1"));
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("worker-2"));
        await RenewAsync("worker-1");
        await ReadyPodAsync("web-1", "worker-1");
        await ReadyPodAsync("web-2", "worker-1");
        await ReadyPodAsync("web-3", "worker-2");
        _controlPlane.Time.Advance(TimeSpan.FromSeconds(41));
        await RenewAsync("worker-2");
        var batches = _controlPlane.Observer.Batches.Count;

        await Loop.ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);

        var written = _controlPlane.Observer.Batches.Skip(batches).First();
        Assert.Equal(["Node/worker-1", "Pod/web-1", "Pod/web-2"], written.Select(c => $"{c.Kind.Kind}/{c.Current.Metadata.Name}").Order());
        Assert.Equal("False", await PodReadyAsync("web-1"));
        Assert.Equal("False", await PodReadyAsync("web-2"));
        Assert.Equal("True", await PodReadyAsync("web-3"));
        var ready = (await _controlPlane.GetAsync(ResourceRegistry.Pods, "web-1"))!.Object.Status!.Conditions!.Single(c => c.Type == "Ready");
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 8, 0, 41, TimeSpan.Zero), ready.LastTransitionTime);
    }

    [Fact]
    public async Task ReconcileAsync_NodeTurnsUnknown_RecordsNodeNotReadyEventsOnTheNodeAndItsPods()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("worker-1"));
        await RenewAsync("worker-1");
        await ReadyPodAsync("web-1", "worker-1");
        _controlPlane.Time.Advance(TimeSpan.FromSeconds(41));

        await Loop.ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);
        _controlPlane.Time.Advance(TimeSpan.FromSeconds(5));
        await Loop.ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);

        var events = (await _controlPlane.ListAsync(ResourceRegistry.Events)).Select(e => e.Object).ToList();
        var onNode = Assert.Single(events, e => e.InvolvedObject?.Kind == "Node");
        Assert.Equal(("Normal", "NodeNotReady", "Node worker-1 status is now: NodeNotReady", 1), (onNode.Type, onNode.Reason, onNode.Message, onNode.Count));
        Assert.Equal("node-controller", onNode.Source?.Component);
        var onPod = Assert.Single(events, e => e.InvolvedObject?.Kind == "Pod");
        Assert.Equal(("Warning", "NodeNotReady", "web-1"), (onPod.Type, onPod.Reason, onPod.InvolvedObject?.Name));
    }

    [Fact]
    public async Task ReconcileAsync_NodeReportsReadyAgain_RemovesTheTaintsAndLeavesItsPodsAlone()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("worker-1"));
        await RenewAsync("worker-1");
        await ReadyPodAsync("web-1", "worker-1");
        _controlPlane.Time.Advance(TimeSpan.FromSeconds(41));
        await Loop.ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);
        var pod = (await _controlPlane.GetAsync(ResourceRegistry.Pods, "web-1"))!;

        // The agent comes back: it renews its lease and reports Ready through the status subresource.
        _controlPlane.Time.Advance(TimeSpan.FromSeconds(30));
        await RenewAsync("worker-1");
        var stored = (await _controlPlane.GetAsync(ResourceRegistry.Nodes, "worker-1"))!;
        var report = ResourceRegistry.Nodes.Clone(stored.Object);
        report.Spec = null;
        report.Status = Manifests.Node("worker-1").Status;
        await _controlPlane.Objects.UpdateAsync(ResourceRegistry.Nodes, Tenant, stored.Untyped(), report, UpdateScope.Status, CancellationToken.None);
        var reported = (await _controlPlane.GetAsync(ResourceRegistry.Nodes, "worker-1"))!.Object;
        await Loop.ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);

        Assert.Equal(2, reported.Spec?.Taints?.Count);
        var node = (await _controlPlane.GetAsync(ResourceRegistry.Nodes, "worker-1"))!.Object;
        Assert.Empty(node.Spec?.Taints ?? []);
        Assert.Equal("True", node.Status!.Conditions!.Single(c => c.Type == "Ready").Status);
        var after = (await _controlPlane.GetAsync(ResourceRegistry.Pods, "web-1"))!;
        Assert.Equal(pod.Object.Metadata.ResourceVersion, after.Object.Metadata.ResourceVersion);
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
    public async Task ReconcileAsync_NodeAlreadyUnknownAndTainted_IsNotRewritten()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("worker-1"));
        await RenewAsync("worker-1");
        await ReadyPodAsync("web-1", "worker-1");
        _controlPlane.Time.Advance(TimeSpan.FromMinutes(1));
        await Loop.ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);
        var commits = _controlPlane.Store.CommitCount;
        _controlPlane.Time.Advance(TimeSpan.FromMinutes(1));

        await Loop.ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);

        Assert.Equal(commits, _controlPlane.Store.CommitCount);
    }

    private Task RenewAsync(string node) =>
        _controlPlane.Leases.RenewAsync(new NodeLease(Tenant, node, "agent-" + node, _controlPlane.Time.GetUtcNow(), 40), CancellationToken.None);

    /// <summary>A pod bound to <paramref name="node"/> whose agent reported it Running and Ready.</summary>
    private async Task ReadyPodAsync(string name, string node)
    {
        var created = await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod(name, node));
        var running = ResourceRegistry.Pods.Clone(created.Object);
        running.Status = new PodStatus
        {
            Phase = "Running",
            Conditions = [new PodCondition { Type = "Ready", Status = "True", LastTransitionTime = _controlPlane.Time.GetUtcNow() }],
        };
        await _controlPlane.Objects.UpdateAsync(ResourceRegistry.Pods, Tenant, created.Untyped(), running, UpdateScope.Status, CancellationToken.None);
    }

    private async Task<string?> PodReadyAsync(string pod) =>
        (await _controlPlane.GetAsync(ResourceRegistry.Pods, pod))!.Object.Status?.Conditions?.Single(c => c.Type == "Ready").Status;

    private async Task<string?> ReadyOfAsync(string node) =>
        (await _controlPlane.GetAsync(ResourceRegistry.Nodes, node))!.Object.Status?.Conditions?.Single(c => c.Type == "Ready").Status;

    public void Dispose() => _controlPlane.Dispose();
}
