using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Events;
using Orchestrator.ControlPlane.Loops;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Secrets;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Objects;
using Orchestrator.Testing.Stores;

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

    [Fact]
    public async Task ReconcileAsync_PodBound_RecordsAScheduledEvent()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("worker-1"));
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1"));

        await Loop.ReconcileAsync(TenantKey, CancellationToken.None);

        var recorded = Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.Events)).Object;
        Assert.Equal(("Normal", "Scheduled", "Successfully assigned default/web-1 to worker-1"), (recorded.Type, recorded.Reason, recorded.Message));
        Assert.Equal("web-1", recorded.InvolvedObject?.Name);
    }

    [Fact]
    public async Task ReconcileAsync_NoNodeFitsTwice_RecordsOneFailedSchedulingWarningCountedTwice()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("worker-1", "True", "docker"));
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1", runtimeClass: "process"));

        await Loop.ReconcileAsync(TenantKey, CancellationToken.None);
        _controlPlane.Time.Advance(TimeSpan.FromSeconds(10));
        await Loop.ReconcileAsync(TenantKey, CancellationToken.None);

        var recorded = Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.Events)).Object;
        Assert.Equal(("Warning", "FailedScheduling"), (recorded.Type, recorded.Reason));
        Assert.Equal("0/1 nodes are available: 1 node(s) didn't support runtime class \"process\".", recorded.Message);
        Assert.Equal(2, recorded.Count);
    }

    [Fact]
    public async Task ReconcileAsync_TwoPassesPlanOnTheSameState_TheLaterReplansAndNeverOvercommitsTheNode()
    {
        // worker-1 has 1 CPU: x (500m) and y (300m) run there, so big (800m) and small (300m) wait, already explained.
        var node = Manifests.Node("worker-1");
        node.Status!.Capacity!["cpu"] = new("1");
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, node);
        var x = await _controlPlane.CreateAsync(ResourceRegistry.Pods, WithCpu(Manifests.Pod("x", nodeName: "worker-1"), "500m"));
        var y = await _controlPlane.CreateAsync(ResourceRegistry.Pods, WithCpu(Manifests.Pod("y", nodeName: "worker-1"), "300m"));
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, WithCpu(Manifests.Pod("big"), "800m"));
        _controlPlane.Time.Advance(TimeSpan.FromSeconds(1));
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, WithCpu(Manifests.Pod("small"), "300m"));
        await Loop.ReconcileAsync(TenantKey, CancellationToken.None);
        Assert.Equal(["x", "y"], (await PodsOnAsync("worker-1")).Select(p => p.Object.Metadata.Name).Order());

        // y finishes; pass A plans small onto worker-1 (500m free) and is held just before it commits.
        await FinishAsync(y);
        var gate = new CommitGate(_controlPlane.Store);
        var passA = GatedLoop(gate).ReconcileAsync(TenantKey, CancellationToken.None);
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(10));

        // x finishes too; pass B binds big (800m). Neither pass rewrites small, whose explanation is unchanged.
        await FinishAsync(x);
        await Loop.ReconcileAsync(TenantKey, CancellationToken.None);
        Assert.Equal("worker-1", (await _controlPlane.GetAsync(ResourceRegistry.Pods, "big"))!.Object.Spec?.NodeName);

        gate.Release();
        await passA.WaitAsync(TimeSpan.FromSeconds(10));

        // Pass A's binding of small (800m + 300m > 1 CPU) failed atomically with the token; its retry saw big.
        var small = (await _controlPlane.GetAsync(ResourceRegistry.Pods, "small"))!.Object;
        Assert.True(string.IsNullOrEmpty(small.Spec?.NodeName));
        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu.", small.Status?.Conditions?.Single(c => c.Type == "PodScheduled").Message);
        Assert.Equal(1, gate.Conflicts);
    }

    private static Pod WithCpu(Pod pod, string cpu)
    {
        pod.Spec!.Containers![0].Resources = new ResourceRequirements { Requests = new() { ["cpu"] = new(cpu) } };
        return pod;
    }

    private async Task FinishAsync(Versioned<Pod> pod)
    {
        var current = (await _controlPlane.GetAsync(ResourceRegistry.Pods, pod.Object.Metadata.Name!))!;
        var finished = ResourceRegistry.Pods.Clone(current.Object);
        finished.Status = new PodStatus { Phase = "Succeeded" };
        await _controlPlane.Objects.UpdateAsync(ResourceRegistry.Pods, TestControlPlane.Tenant, current.Untyped(), finished, UpdateScope.Status, CancellationToken.None);
    }

    /// <summary>A second scheduler over the same store, whose first guarded commit waits at <paramref name="gate"/>.</summary>
    private SchedulerLoop GatedLoop(CommitGate gate)
    {
        var services = _controlPlane.Services;
        var objects = new ObjectService(gate, [], services.GetRequiredService<ObjectCodec>(), _controlPlane.Time);
        return new SchedulerLoop(
            objects, gate, services.GetRequiredService<EventRecorder>(), _controlPlane.Time, Options.Create(new LoopOptions()), NullLogger<SchedulerLoop>.Instance);
    }

    /// <summary>The shared store, except that the first transaction carrying the scheduler's pass token waits for <see cref="Release"/>.</summary>
    private sealed class CommitGate(IObjectStore inner) : DelegatingObjectStore(inner)
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _held;

        public Task Reached => _reached.Task;

        public int Conflicts { get; private set; }

        public void Release() => _release.TrySetResult();



        public override async Task<IReadOnlyList<StoredObject?>> CommitAsync(string tenant, IReadOnlyList<StoreOperation> operations, CancellationToken cancellationToken)
        {
            if (operations.Count > 1 && operations[^1].Key.Resource == SchedulerPassToken.Resource && Interlocked.Exchange(ref _held, 1) == 0)
            {
                _reached.TrySetResult();
                await _release.Task.WaitAsync(cancellationToken);
            }

            try
            {
                return await Inner.CommitAsync(tenant, operations, cancellationToken);
            }
            catch (StoreException e) when (e.Failure == StoreFailure.Conflict)
            {
                Conflicts++;
                throw;
            }
        }
    }

    private Task<List<Versioned<Pod>>> PodsOnAsync(string node) =>
        _controlPlane.Objects.ListAllAsync(ResourceRegistry.Pods, TestControlPlane.Tenant, index: new IndexEntry(ResourceRegistry.NodeIndex, node));

    public void Dispose() => _controlPlane.Dispose();
}
