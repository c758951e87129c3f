using Orchestrator.ControlPlane.Loops;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Tests.Loops;

public sealed class SchedulerLoopTests : IDisposable
{
    private static readonly LoopKey TenantKey = new(TestControlPlane.Tenant);

    private readonly TestControlPlane _controlPlane = new();

    private SchedulerLoop Loop => _controlPlane.Loop<SchedulerLoop>();

    [Fact]
    public async Task ReconcileAsync_PendingPod_IsBoundToTheReadyNodeThatRunsItsRuntimeClass()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("a-docker-only", "True", "docker"));
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("b-not-ready", "False", "process"));
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("c-ready", "True", "process"));
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1", runtimeClass: "process"));

        await Loop.ReconcileAsync(TenantKey, CancellationToken.None);

        var pod = (await _controlPlane.GetAsync(ResourceRegistry.Pods, "web-1"))!.Object;
        Assert.Equal("c-ready", pod.Spec?.NodeName);
        var scheduled = Assert.Single(pod.Status?.Conditions ?? [], c => c.Type == "PodScheduled");
        Assert.Equal("True", scheduled.Status);
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 8, 0, 0, TimeSpan.Zero), scheduled.LastTransitionTime);
    }

    [Fact]
    public async Task ReconcileAsync_PendingPod_MovesFromThePendingIndexToItsNodeIndex()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("worker-1"));
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1"));

        await Loop.ReconcileAsync(TenantKey, CancellationToken.None);

        Assert.Empty(await PodsOnAsync(""));
        Assert.Equal(["web-1"], (await PodsOnAsync("worker-1")).Select(p => p.Object.Metadata.Name));
    }

    [Fact]
    public async Task ReconcileAsync_PendingPod_NudgesTheNodeItIsBoundTo()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("worker-1"));
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1"));

        await Loop.ReconcileAsync(TenantKey, CancellationToken.None);

        var nudge = Assert.Single(_controlPlane.Channel.Nudges);
        Assert.Equal((TestControlPlane.Tenant, "worker-1"), (nudge.Tenant, nudge.NodeName));
    }

    [Fact]
    public async Task ReconcileAsync_NoNodeFits_LeavesThePodPendingWithPodScheduledFalse()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("worker-1", "True", "docker"));
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1", runtimeClass: "process"));

        await Loop.ReconcileAsync(TenantKey, CancellationToken.None);

        var pod = (await _controlPlane.GetAsync(ResourceRegistry.Pods, "web-1"))!.Object;
        Assert.True(string.IsNullOrEmpty(pod.Spec?.NodeName));
        Assert.Equal("Pending", pod.Status?.Phase);
        var scheduled = Assert.Single(pod.Status?.Conditions ?? [], c => c.Type == "PodScheduled");
        Assert.Equal(("False", "Unschedulable"), (scheduled.Status, scheduled.Reason));
        Assert.Equal("0/1 nodes are available: 1 node(s) didn't support runtime class \"process\".", scheduled.Message);
        Assert.Single(await PodsOnAsync(""));
        Assert.Empty(_controlPlane.Channel.Nudges);
    }

    [Fact]
    public async Task ReconcileAsync_MorePendingPodsThanTheNodeTakes_BindsWhatFitsAndExplainsTheRest()
    {
        var node = Manifests.Node("worker-1");
        node.Status!.Capacity!["pods"] = new("1");
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, node);
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1"));
        _controlPlane.Time.Advance(TimeSpan.FromSeconds(1));
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-2"));

        await Loop.ReconcileAsync(TenantKey, CancellationToken.None);

        Assert.Equal("worker-1", (await _controlPlane.GetAsync(ResourceRegistry.Pods, "web-1"))!.Object.Spec?.NodeName);
        var second = (await _controlPlane.GetAsync(ResourceRegistry.Pods, "web-2"))!.Object;
        Assert.True(string.IsNullOrEmpty(second.Spec?.NodeName));
        Assert.Equal("0/1 nodes are available: 1 Too many pods.", second.Status?.Conditions?.Single(c => c.Type == "PodScheduled").Message);
    }

    [Fact]
    public async Task ReconcileAsync_NodeFullOfBoundPods_LeavesThePendingPodUnscheduled()
    {
        var node = Manifests.Node("worker-1");
        node.Status!.Capacity!["pods"] = new("1");
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, node);
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("already-there", nodeName: "worker-1"));
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1"));

        await Loop.ReconcileAsync(TenantKey, CancellationToken.None);

        var pod = (await _controlPlane.GetAsync(ResourceRegistry.Pods, "web-1"))!.Object;
        Assert.True(string.IsNullOrEmpty(pod.Spec?.NodeName));
        Assert.Equal("Unschedulable", pod.Status?.Conditions?.Single(c => c.Type == "PodScheduled").Reason);
    }

    [Fact]
    public async Task ReconcileAsync_NoNodes_SaysSo()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1"));

        await Loop.ReconcileAsync(TenantKey, CancellationToken.None);

        var scheduled = (await _controlPlane.GetAsync(ResourceRegistry.Pods, "web-1"))!.Object.Status?.Conditions?.Single(c => c.Type == "PodScheduled");
        Assert.Equal(("False", "Unschedulable", "no nodes available to schedule pods"), (scheduled?.Status, scheduled?.Reason, scheduled?.Message));
    }

    [Fact]
    public async Task ReconcileAsync_UnschedulablePodAgain_IsNotRewritten()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("worker-1", "False", "process"));
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1"));
        await Loop.ReconcileAsync(TenantKey, CancellationToken.None);
        var first = (await _controlPlane.GetAsync(ResourceRegistry.Pods, "web-1"))!.Object.Metadata.ResourceVersion;
        _controlPlane.Time.Advance(TimeSpan.FromSeconds(10));

        await Loop.ReconcileAsync(TenantKey, CancellationToken.None);

        Assert.Equal(first, (await _controlPlane.GetAsync(ResourceRegistry.Pods, "web-1"))!.Object.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task ReconcileAsync_NodeBecomesReady_BindsThePodThatWasUnschedulable()
    {
        var node = await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("worker-1", "False", "process"));
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1"));
        await Loop.ReconcileAsync(TenantKey, CancellationToken.None);
        var ready = ResourceRegistry.Nodes.Clone(node.Object);
        ready.Status!.Conditions = [new NodeCondition { Type = "Ready", Status = "True" }];
        await _controlPlane.Objects.UpdateAsync(ResourceRegistry.Nodes, TestControlPlane.Tenant, node.Untyped(), ready, UpdateScope.Status, CancellationToken.None);
        _controlPlane.Time.Advance(TimeSpan.FromSeconds(10));

        await Loop.ReconcileAsync(TenantKey, CancellationToken.None);

        var pod = (await _controlPlane.GetAsync(ResourceRegistry.Pods, "web-1"))!.Object;
        Assert.Equal("worker-1", pod.Spec?.NodeName);
        var scheduled = Assert.Single(pod.Status?.Conditions ?? [], c => c.Type == "PodScheduled");
        Assert.Equal(("True", null), (scheduled.Status, scheduled.Reason));
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 8, 0, 10, TimeSpan.Zero), scheduled.LastTransitionTime);
    }

    private Task<List<Versioned<Pod>>> PodsOnAsync(string node) =>
        _controlPlane.Objects.ListAllAsync(ResourceRegistry.Pods, TestControlPlane.Tenant, index: new IndexEntry(ResourceRegistry.NodeIndex, node));

    public void Dispose() => _controlPlane.Dispose();
}
