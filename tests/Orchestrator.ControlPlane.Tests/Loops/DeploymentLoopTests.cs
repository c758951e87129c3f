using Orchestrator.ControlPlane.Loops;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Controllers;

namespace Orchestrator.ControlPlane.Tests.Loops;

public sealed class DeploymentLoopTests : IDisposable
{
    private readonly TestControlPlane _controlPlane = new();

    private DeploymentLoop Loop => _controlPlane.Loop<DeploymentLoop>();

    [Fact]
    public async Task ReconcileAsync_NewDeployment_CreatesAReplicaSetItControls()
    {
        var deployment = await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web", replicas: 2));

        await Loop.ReconcileAsync(new LoopKey(TestControlPlane.Tenant, TestControlPlane.Namespace, "web"), CancellationToken.None);

        var rs = Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.ReplicaSets)).Object;
        Assert.StartsWith("web-", rs.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal(TestControlPlane.Namespace, rs.Metadata.Namespace);
        Assert.Equal(2, rs.Spec?.Replicas);
        var owner = Assert.Single(rs.Metadata.OwnerReferences ?? []);
        Assert.Equal(("Deployment", "web", deployment.Object.Metadata.Uid, true), (owner.Kind, owner.Name, owner.Uid, owner.Controller));
        Assert.True(rs.Spec?.Template?.Metadata?.Labels?.ContainsKey(DeploymentReconciler.PodTemplateHashLabel));
        var owned = await _controlPlane.Objects.ListAllAsync(
            ResourceRegistry.ReplicaSets, TestControlPlane.Tenant, index: new IndexEntry(ResourceRegistry.OwnerIndex, deployment.Object.Metadata.Uid!));
        Assert.Equal(rs.Metadata.Uid, Assert.Single(owned).Object.Metadata.Uid);
    }

    [Fact]
    public async Task ReconcileAsync_NewDeployment_RecordsTheRevisionAndStatus()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web", replicas: 2));

        await Loop.ReconcileAsync(new LoopKey(TestControlPlane.Tenant, TestControlPlane.Namespace, "web"), CancellationToken.None);

        var deployment = (await _controlPlane.GetAsync(ResourceRegistry.Deployments, "web"))!.Object;
        Assert.Equal("1", deployment.Metadata.Annotations?[DeploymentReconciler.RevisionAnnotation]);
        Assert.Equal(1, deployment.Status?.ObservedGeneration);
        Assert.Equal(1, deployment.Metadata.Generation);
    }

    [Fact]
    public async Task ReconcileAsync_SecondPass_CreatesNoOtherReplicaSet()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web"));
        var key = new LoopKey(TestControlPlane.Tenant, TestControlPlane.Namespace, "web");

        await Loop.ReconcileAsync(key, CancellationToken.None);
        await Loop.ReconcileAsync(key, CancellationToken.None);

        Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.ReplicaSets));
    }

    [Fact]
    public async Task ReconcileAsync_DeploymentScaledUp_ScalesItsReplicaSet()
    {
        var key = new LoopKey(TestControlPlane.Tenant, TestControlPlane.Namespace, "web");
        var deployment = await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web", replicas: 2));
        await Loop.ReconcileAsync(key, CancellationToken.None);
        deployment = (await _controlPlane.GetAsync(ResourceRegistry.Deployments, "web"))!;
        var scaled = ResourceRegistry.Deployments.Clone(deployment.Object);
        scaled.Spec!.Replicas = 4;
        await _controlPlane.Objects.UpdateAsync(ResourceRegistry.Deployments, TestControlPlane.Tenant, deployment.Untyped(), scaled, UpdateScope.Spec, CancellationToken.None);

        await Loop.ReconcileAsync(key, CancellationToken.None);

        Assert.Equal(4, Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.ReplicaSets)).Object.Spec?.Replicas);
        Assert.Equal(2, (await _controlPlane.GetAsync(ResourceRegistry.Deployments, "web"))!.Object.Status?.ObservedGeneration);
    }

    [Fact]
    public async Task ReconcileAsync_DeploymentGone_DoesNothing()
    {
        await Loop.ReconcileAsync(new LoopKey(TestControlPlane.Tenant, TestControlPlane.Namespace, "missing"), CancellationToken.None);

        Assert.Equal(0, _controlPlane.Store.CommitCount);
    }

    [Fact]
    public async Task ResyncKeysAsync_DeploymentsOfTheTenant_AreItsKeys()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("api"));
        await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web"));
        await _controlPlane.Objects.CreateAsync(ResourceRegistry.Deployments, "globex", Manifests.Deployment("other"), CancellationToken.None);

        var keys = await Loop.ResyncKeysAsync(TestControlPlane.Tenant, CancellationToken.None);

        Assert.Equal([new LoopKey(TestControlPlane.Tenant, "default", "api"), new LoopKey(TestControlPlane.Tenant, "default", "web")], keys);
    }

    public void Dispose() => _controlPlane.Dispose();
}
