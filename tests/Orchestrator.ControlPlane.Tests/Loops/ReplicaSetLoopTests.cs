using Orchestrator.ControlPlane.Loops;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.ControlPlane.Tests.Loops;

public sealed class ReplicaSetLoopTests : IDisposable
{
    private readonly TestControlPlane _controlPlane = new();

    private ReplicaSetLoop Loop => _controlPlane.Loop<ReplicaSetLoop>();

    private static LoopKey Key(string name) => new(TestControlPlane.Tenant, TestControlPlane.Namespace, name);

    [Fact]
    public async Task ReconcileAsync_NewReplicaSet_CreatesItsPodsWithOwnerReferences()
    {
        var rs = await _controlPlane.CreateAsync(ResourceRegistry.ReplicaSets, Manifests.ReplicaSet("web", replicas: 3));

        await Loop.ReconcileAsync(Key("web"), CancellationToken.None);

        var pods = await _controlPlane.ListAsync(ResourceRegistry.Pods);
        Assert.Equal(3, pods.Count);
        Assert.All(pods, pod =>
        {
            Assert.StartsWith("web-", pod.Object.Metadata.Name, StringComparison.Ordinal);
            Assert.Equal("web", pod.Object.Metadata.Labels?["app"]);
            Assert.Equal("Pending", pod.Object.Status?.Phase);
            var owner = Assert.Single(pod.Object.Metadata.OwnerReferences ?? []);
            Assert.Equal(("apps/v1", "ReplicaSet", "web", rs.Object.Metadata.Uid, true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller));
        });
    }

    [Fact]
    public async Task ReconcileAsync_NewReplicaSet_ListsItsPodsUnderTheOwnerIndex()
    {
        var rs = await _controlPlane.CreateAsync(ResourceRegistry.ReplicaSets, Manifests.ReplicaSet("web", replicas: 3));
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("standalone"));

        await Loop.ReconcileAsync(Key("web"), CancellationToken.None);

        var owned = await _controlPlane.Objects.ListAllAsync(
            ResourceRegistry.Pods, TestControlPlane.Tenant, TestControlPlane.Namespace, new IndexEntry(ResourceRegistry.OwnerIndex, rs.Object.Metadata.Uid!));
        Assert.Equal(3, owned.Count);
        Assert.DoesNotContain(owned, p => p.Object.Metadata.Name == "standalone");
        Assert.All(owned, p => Assert.Contains(new IndexEntry(ResourceRegistry.OwnerIndex, rs.Object.Metadata.Uid!), p.Stored.Indexes));
    }

    [Fact]
    public async Task ReconcileAsync_PassAfterThePodsWereCreated_ReportsThem()
    {
        // As in Kubernetes, a pass reports the pods it observed; the creations it makes show in the next pass.
        await _controlPlane.CreateAsync(ResourceRegistry.ReplicaSets, Manifests.ReplicaSet("web", replicas: 3));
        await Loop.ReconcileAsync(Key("web"), CancellationToken.None);

        await Loop.ReconcileAsync(Key("web"), CancellationToken.None);

        var rs = (await _controlPlane.GetAsync(ResourceRegistry.ReplicaSets, "web"))!.Object;
        Assert.Equal(3, rs.Status?.Replicas);
        Assert.Equal(1, rs.Status?.ObservedGeneration);
    }

    [Fact]
    public async Task ReconcileAsync_SecondPass_CreatesNoMorePods()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.ReplicaSets, Manifests.ReplicaSet("web", replicas: 3));

        await Loop.ReconcileAsync(Key("web"), CancellationToken.None);
        await Loop.ReconcileAsync(Key("web"), CancellationToken.None);

        Assert.Equal(3, (await _controlPlane.ListAsync(ResourceRegistry.Pods)).Count);
    }

    [Fact]
    public async Task ReconcileAsync_ScaledDown_DeletesTheSurplusPods()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.ReplicaSets, Manifests.ReplicaSet("web", replicas: 3));
        await Loop.ReconcileAsync(Key("web"), CancellationToken.None);
        var rs = (await _controlPlane.GetAsync(ResourceRegistry.ReplicaSets, "web"))!;
        var scaled = ResourceRegistry.ReplicaSets.Clone(rs.Object);
        scaled.Spec!.Replicas = 1;
        await _controlPlane.Objects.UpdateAsync(ResourceRegistry.ReplicaSets, TestControlPlane.Tenant, rs.Untyped(), scaled, UpdateScope.Spec, CancellationToken.None);

        await Loop.ReconcileAsync(Key("web"), CancellationToken.None);

        Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.Pods));
    }

    public void Dispose() => _controlPlane.Dispose();
}
