using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.ControlPlane.Loops;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Secrets;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Objects;
using Orchestrator.Testing.Stores;

namespace Orchestrator.ControlPlane.Tests.Loops;

public sealed class GarbageCollectorLoopTests : IDisposable
{
    private const string Tenant = TestControlPlane.Tenant;

    private readonly TestControlPlane _controlPlane = new();

    private GarbageCollectorLoop Loop => _controlPlane.Loop<GarbageCollectorLoop>();

    [Fact]
    public async Task ReconcileAsync_DeploymentDeletedWithCascade_DeletesItsReplicaSetsThenTheirPodsThenTheMarkers()
    {
        var deployment = await RunningDeploymentAsync("web", replicas: 2);
        Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.ReplicaSets));
        Assert.Equal(2, (await _controlPlane.ListAsync(ResourceRegistry.Pods)).Count);
        await _controlPlane.Objects.DeleteAsync(ResourceRegistry.Deployments, Tenant, deployment.Untyped(), cascade: true, CancellationToken.None);

        await Loop.ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);
        var replicaSetsAfterOnePass = await _controlPlane.ListAsync(ResourceRegistry.ReplicaSets);
        await Loop.ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);

        Assert.Empty(replicaSetsAfterOnePass);
        Assert.Empty(await _controlPlane.ListAsync(ResourceRegistry.ReplicaSets));
        Assert.Empty(await _controlPlane.ListAsync(ResourceRegistry.Pods));
        Assert.Empty(await MarkersAsync());
    }

    [Fact]
    public async Task ReconcileAsync_DeploymentDeletedWithCascade_LeavesOtherWorkloadsAlone()
    {
        var doomed = await RunningDeploymentAsync("web", replicas: 2);
        await RunningDeploymentAsync("api", replicas: 1);
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("standalone"));
        await _controlPlane.Objects.DeleteAsync(ResourceRegistry.Deployments, Tenant, doomed.Untyped(), cascade: true, CancellationToken.None);

        await Loop.ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);
        await Loop.ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);

        Assert.StartsWith("api-", Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.ReplicaSets)).Object.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal(
            ["api", "web"],
            (await _controlPlane.ListAsync(ResourceRegistry.Pods)).Select(p => p.Object.Metadata.Labels!["app"]).Order(StringComparer.Ordinal));
        Assert.Contains(await _controlPlane.ListAsync(ResourceRegistry.Pods), p => p.Object.Metadata.Name == "standalone");
        Assert.Empty(await MarkersAsync());
    }

    [Fact]
    public async Task ReconcileAsync_DeploymentDeletedWithoutCascade_OrphansItsReplicaSets()
    {
        var deployment = await RunningDeploymentAsync("web", replicas: 1);
        await _controlPlane.Objects.DeleteAsync(ResourceRegistry.Deployments, Tenant, deployment.Untyped(), cascade: false, CancellationToken.None);

        await Loop.ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);

        Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.ReplicaSets));
        Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.Pods));
    }

    [Fact]
    public async Task ReconcileAsync_NoMarkers_WritesNothing()
    {
        await RunningDeploymentAsync("web", replicas: 1);
        var commits = _controlPlane.Store.CommitCount;

        await Loop.ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);

        Assert.Equal(commits, _controlPlane.Store.CommitCount);
    }

    [Fact]
    public void KeysFor_DeletedDeployment_IsTheTenant()
    {
        var change = new ObjectChange(Tenant, ResourceRegistry.Deployments, Manifests.Deployment("web"), null);

        Assert.Equal([new LoopKey(Tenant)], Loop.KeysFor(change));
    }

    [Fact]
    public async Task ReconcileAsync_ForegroundDeletion_DeletesDependentsFirstAndTheOwnerLast()
    {
        var deployment = await RunningDeploymentAsync("web", replicas: 2);
        await _controlPlane.Objects.DeleteAsync(ResourceRegistry.Deployments, Tenant, deployment.Untyped(), new DeletionOptions(Propagation: DeletionPropagation.Foreground), CancellationToken.None);

        await Loop.ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);

        // The ReplicaSet is itself deleted in the foreground, so the Deployment waits for it, and it for its pods.
        var replicaSet = Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.ReplicaSets)).Object;
        Assert.Equal([Finalizers.ForegroundDeletion], replicaSet.Metadata.Finalizers);
        Assert.NotNull(await _controlPlane.GetAsync(ResourceRegistry.Deployments, "web"));

        await SettleAsync();

        Assert.Empty(await _controlPlane.ListAsync(ResourceRegistry.Pods));
        Assert.Empty(await _controlPlane.ListAsync(ResourceRegistry.ReplicaSets));
        Assert.Null(await _controlPlane.GetAsync(ResourceRegistry.Deployments, "web"));
        Assert.Empty(await MarkersAsync());
        var removals = _controlPlane.Observer.Changes.Where(c => c.New is null).Select(c => c.Kind.Kind).ToList();
        Assert.Equal("Deployment", removals[^1]);
    }

    [Fact]
    public async Task ReconcileAsync_ForegroundDeletionWithTerminatingPods_WaitsUntilTheirAgentFinalizedThem()
    {
        var deployment = await RunningDeploymentAsync("web", replicas: 1, nodeName: "node-1");
        await _controlPlane.Objects.DeleteAsync(ResourceRegistry.Deployments, Tenant, deployment.Untyped(), new DeletionOptions(Propagation: DeletionPropagation.Foreground), CancellationToken.None);

        await SettleAsync();
        var pod = Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.Pods));
        Assert.NotNull(pod.Object.Metadata.DeletionTimestamp);
        Assert.NotNull(await _controlPlane.GetAsync(ResourceRegistry.Deployments, "web"));

        // The agent finalizes the pod once its containers have stopped.
        await _controlPlane.Objects.DeleteAsync(ResourceRegistry.Pods, Tenant, pod.Untyped(), DeletionOptions.Force, CancellationToken.None);
        await SettleAsync();

        Assert.Empty(await _controlPlane.ListAsync(ResourceRegistry.ReplicaSets));
        Assert.Null(await _controlPlane.GetAsync(ResourceRegistry.Deployments, "web"));
        Assert.Empty(await MarkersAsync());
    }

    [Fact]
    public async Task ReconcileAsync_OrphanDeletion_RemovesTheOwnerReferencesThenTheOwner()
    {
        var deployment = await RunningDeploymentAsync("web", replicas: 2);
        await _controlPlane.Objects.DeleteAsync(ResourceRegistry.Deployments, Tenant, deployment.Untyped(), new DeletionOptions(Propagation: DeletionPropagation.Orphan), CancellationToken.None);

        await SettleAsync();

        Assert.Null(await _controlPlane.GetAsync(ResourceRegistry.Deployments, "web"));
        var replicaSet = Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.ReplicaSets)).Object;
        Assert.Null(replicaSet.Metadata.OwnerReferences);
        Assert.Equal(2, (await _controlPlane.ListAsync(ResourceRegistry.Pods)).Count);
        Assert.Empty(await MarkersAsync());
    }

    [Fact]
    public async Task ReconcileAsync_BackgroundDeletionWithBoundPods_LeavesThemTerminatingForTheirAgent()
    {
        var deployment = await RunningDeploymentAsync("web", replicas: 2, nodeName: "node-1");
        await _controlPlane.Objects.DeleteAsync(ResourceRegistry.Deployments, Tenant, deployment.Untyped(), cascade: true, CancellationToken.None);

        await SettleAsync();

        Assert.Empty(await _controlPlane.ListAsync(ResourceRegistry.ReplicaSets));
        var pods = await _controlPlane.ListAsync(ResourceRegistry.Pods);
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.Equal(30, p.Object.Metadata.DeletionGracePeriodSeconds));
        Assert.Empty(await MarkersAsync());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ReconcileAsync_ControlPlaneDiesHalfWay_NextRunLeavesNoPodBehind(int commitsBeforeCrash)
    {
        var deployment = await RunningDeploymentAsync("web", replicas: 3);
        await _controlPlane.Objects.DeleteAsync(ResourceRegistry.Deployments, Tenant, deployment.Untyped(), cascade: true, CancellationToken.None);

        // A collector over a store that dies after some commits, as a host killed in the middle of a pass.
        var dying = new DyingStore(_controlPlane.Store, commitsBeforeCrash);
        var objects = new ObjectService(dying, [], _controlPlane.Services.GetRequiredService<ObjectCodec>(), _controlPlane.Time);
        var crashed = new GarbageCollectorLoop(objects, dying, new ResourceRegistry(), _controlPlane.Services.GetRequiredService<IOptions<LoopOptions>>());
        var died = false;
        for (var pass = 0; pass < 3 && !died; pass++)
        {
            died = await Record.ExceptionAsync(() => crashed.ReconcileAsync(new LoopKey(Tenant), CancellationToken.None)) is InvalidOperationException;
        }

        Assert.True(died, "the collector died before it was done");

        await SettleAsync();

        Assert.Empty(await _controlPlane.ListAsync(ResourceRegistry.Pods));
        Assert.Empty(await _controlPlane.ListAsync(ResourceRegistry.ReplicaSets));
        Assert.Empty(await MarkersAsync());
    }

    [Fact]
    public async Task ReconcileAsync_NodeDeleted_ForceDeletesThePodsBoundToIt()
    {
        var node = await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("node-1"));
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("on-gone-node", nodeName: "node-1"));
        var terminating = await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("terminating", nodeName: "node-1"));
        await _controlPlane.Objects.DeleteAsync(ResourceRegistry.Pods, Tenant, terminating.Untyped(), DeletionOptions.Default, CancellationToken.None);
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("elsewhere", nodeName: "node-2"));
        await _controlPlane.Objects.DeleteAsync(ResourceRegistry.Nodes, Tenant, node.Untyped(), cascade: false, CancellationToken.None);

        await Loop.ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);

        Assert.Equal(["elsewhere"], (await _controlPlane.ListAsync(ResourceRegistry.Pods)).Select(p => p.Object.Metadata.Name));
        Assert.Empty(await MarkersAsync());
    }

    [Fact]
    public async Task ReconcileAsync_NodeDeletedAndJoinedAgain_LeavesItsPodsAlone()
    {
        var node = await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("node-1"));
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1", nodeName: "node-1"));
        await _controlPlane.Objects.DeleteAsync(ResourceRegistry.Nodes, Tenant, node.Untyped(), cascade: true, CancellationToken.None);
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("node-1"));

        await Loop.ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);

        Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.Pods));
        Assert.Empty(await MarkersAsync());
    }

    [Fact]
    public void KeysFor_DeploymentStartsForegroundDeletion_IsTheTenant()
    {
        var old = Manifests.Deployment("web");
        var deleting = Manifests.Deployment("web");
        deleting.Metadata.DeletionTimestamp = TestControlPlane.Start;
        deleting.Metadata.Finalizers = [Finalizers.ForegroundDeletion];

        Assert.Equal([new LoopKey(Tenant)], Loop.KeysFor(new ObjectChange(Tenant, ResourceRegistry.Deployments, old, deleting)));
        Assert.Empty(Loop.KeysFor(new ObjectChange(Tenant, ResourceRegistry.Deployments, old, Manifests.Deployment("web"))));
    }

    /// <summary>Runs the collector until it has nothing left to do (bounded).</summary>
    private async Task SettleAsync()
    {
        for (var pass = 0; pass < 8; pass++)
        {
            await Loop.ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);
        }
    }

    /// <summary>A Deployment with its ReplicaSet and pods, as the deployment and replicaset loops leave it.</summary>
    private async Task<Versioned<Deployment>> RunningDeploymentAsync(string name, int replicas, string? nodeName = null)
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment(name, replicas));
        await _controlPlane.Loop<DeploymentLoop>().ReconcileAsync(new LoopKey(Tenant, TestControlPlane.Namespace, name), CancellationToken.None);
        foreach (var rs in await _controlPlane.ListAsync(ResourceRegistry.ReplicaSets))
        {
            await _controlPlane.Loop<ReplicaSetLoop>().ReconcileAsync(new LoopKey(Tenant, TestControlPlane.Namespace, rs.Object.Metadata.Name!), CancellationToken.None);
        }

        if (nodeName is not null)
        {
            // Bound, as the scheduler leaves them: deleting them is then graceful.
            foreach (var pod in await _controlPlane.ListAsync(ResourceRegistry.Pods))
            {
                var bound = ResourceRegistry.Pods.Clone(pod.Object);
                bound.Spec!.NodeName = nodeName;
                await _controlPlane.Objects.UpdateAsync(ResourceRegistry.Pods, Tenant, pod.Untyped(), bound, UpdateScope.Whole, CancellationToken.None);
            }
        }

        return (await _controlPlane.GetAsync(ResourceRegistry.Deployments, name))!;
    }

    private async Task<IReadOnlyList<StoredObject>> MarkersAsync() =>
        (await _controlPlane.Store.ListAsync(new ObjectListQuery(Tenant, GarbageMarkers.Resource), CancellationToken.None)).Items;

    public void Dispose() => _controlPlane.Dispose();

    /// <summary>The real store until <c>commitsBeforeCrash</c> commits went through; then every commit fails, as a dead host.</summary>
    private sealed class DyingStore(IObjectStore inner, int commitsBeforeCrash) : DelegatingObjectStore(inner)
    {
        private int _commits;



        public override Task<IReadOnlyList<StoredObject?>> CommitAsync(string tenant, IReadOnlyList<StoreOperation> operations, CancellationToken cancellationToken) =>
            ++_commits > commitsBeforeCrash
                ? throw new InvalidOperationException("the control plane died")
                : Inner.CommitAsync(tenant, operations, cancellationToken);
    }
}
