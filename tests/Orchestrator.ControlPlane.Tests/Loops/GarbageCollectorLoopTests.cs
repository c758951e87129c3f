using Orchestrator.ControlPlane.Loops;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Objects;

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

    /// <summary>A Deployment with its ReplicaSet and pods, as the deployment and replicaset loops leave it.</summary>
    private async Task<Versioned<Deployment>> RunningDeploymentAsync(string name, int replicas)
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment(name, replicas));
        await _controlPlane.Loop<DeploymentLoop>().ReconcileAsync(new LoopKey(Tenant, TestControlPlane.Namespace, name), CancellationToken.None);
        foreach (var rs in await _controlPlane.ListAsync(ResourceRegistry.ReplicaSets))
        {
            await _controlPlane.Loop<ReplicaSetLoop>().ReconcileAsync(new LoopKey(Tenant, TestControlPlane.Namespace, rs.Object.Metadata.Name!), CancellationToken.None);
        }

        return (await _controlPlane.GetAsync(ResourceRegistry.Deployments, name))!;
    }

    private async Task<IReadOnlyList<StoredObject>> MarkersAsync() =>
        (await _controlPlane.Store.ListAsync(new ObjectListQuery(Tenant, GarbageMarkers.Resource), CancellationToken.None)).Items;

    public void Dispose() => _controlPlane.Dispose();
}
