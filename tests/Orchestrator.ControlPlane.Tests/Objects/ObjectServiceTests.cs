using System.Text;
using Orchestrator.ControlPlane.Api;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Tests.Objects;

public sealed class ObjectServiceTests : IDisposable
{
    private const string Tenant = TestControlPlane.Tenant;

    private readonly TestControlPlane _controlPlane = new();

    private ObjectService Objects => _controlPlane.Objects;

    [Fact]
    public async Task CreateAsync_Deployment_SetsTheServerOwnedFields()
    {
        var posted = Manifests.Deployment("web");
        posted.Metadata.Uid = "chosen-by-client";
        posted.Metadata.ResourceVersion = "42";
        posted.Metadata.Generation = 7;
        posted.Metadata.CreationTimestamp = DateTimeOffset.UnixEpoch;

        var (created, _) = await Objects.CreateAsync(ResourceRegistry.Deployments, Tenant, posted, CancellationToken.None);

        var meta = created.Object.Metadata;
        Assert.Equal("apps/v1", created.Object.ApiVersion);
        Assert.Equal("Deployment", created.Object.Kind);
        Assert.True(Guid.TryParse(meta.Uid, out _), $"uid '{meta.Uid}' is not a UUID");
        Assert.Equal(1, meta.Generation);
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 8, 0, 0, TimeSpan.Zero), meta.CreationTimestamp);
        Assert.False(string.IsNullOrEmpty(meta.ResourceVersion));
        Assert.NotEqual("42", meta.ResourceVersion);
        var stored = await _controlPlane.GetAsync(ResourceRegistry.Deployments, "web");
        Assert.NotNull(stored);
        Assert.Equal(meta.Uid, stored.Object.Metadata.Uid);
        Assert.Equal(meta.ResourceVersion, stored.Object.Metadata.ResourceVersion);
        Assert.Equal(meta.CreationTimestamp, stored.Object.Metadata.CreationTimestamp);
    }

    [Fact]
    public async Task CreateAsync_Deployment_StoresTheVersionOnlyAsTheRowVersion()
    {
        var (created, _) = await Objects.CreateAsync(ResourceRegistry.Deployments, Tenant, Manifests.Deployment("web"), CancellationToken.None);

        Assert.DoesNotContain("resourceVersion", Encoding.UTF8.GetString(created.Stored.Json), StringComparison.Ordinal);
        Assert.Equal(created.Stored.ResourceVersion, created.Object.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task CreateAsync_DeploymentWithoutOptionalFields_IsDefaulted()
    {
        var (created, _) = await Objects.CreateAsync(ResourceRegistry.Deployments, Tenant, Manifests.Deployment("web", replicas: null), CancellationToken.None);

        var spec = ((Deployment)created.Object).Spec!;
        Assert.Equal(1, spec.Replicas);
        Assert.Equal("RollingUpdate", spec.Strategy?.Type);
        Assert.Equal("25%", spec.Strategy?.RollingUpdate?.MaxSurge?.ToString());
        Assert.Equal("25%", spec.Strategy?.RollingUpdate?.MaxUnavailable?.ToString());
        Assert.Equal(10, spec.RevisionHistoryLimit);
        Assert.Equal(600, spec.ProgressDeadlineSeconds);
        Assert.Equal("Always", spec.Template?.Spec?.RestartPolicy);
        Assert.Equal("default-scheduler", spec.Template?.Spec?.SchedulerName);
        var stored = await _controlPlane.GetAsync(ResourceRegistry.Deployments, "web");
        Assert.Equal(1, stored!.Object.Spec!.Replicas);
    }

    [Fact]
    public async Task CreateAsync_PodWithStatus_StartsPendingWhateverTheClientSent()
    {
        var posted = Manifests.Pod("web-1");
        posted.Status = new PodStatus { Phase = "Running", PodIP = "10.0.0.1" };

        var (created, _) = await Objects.CreateAsync(ResourceRegistry.Pods, Tenant, posted, CancellationToken.None);

        var status = ((Pod)created.Object).Status!;
        Assert.Equal("Pending", status.Phase);
        Assert.Null(status.PodIP);
        Assert.Equal("BestEffort", status.QosClass);
        Assert.Equal("v1", created.Object.ApiVersion);
        Assert.Equal("Pod", created.Object.Kind);
        Assert.Equal(TestControlPlane.Namespace, created.Object.Metadata.Namespace);
    }

    [Fact]
    public async Task CreateAsync_ClusterScopedObjectWithANamespace_IsStoredWithoutIt()
    {
        var node = Manifests.Node("worker-1");
        node.Metadata.Namespace = "default";

        var (created, _) = await Objects.CreateAsync(ResourceRegistry.Nodes, Tenant, node, CancellationToken.None);

        Assert.Null(created.Object.Metadata.Namespace);
        Assert.Equal([new ObjectKey(Tenant, "nodes", "", "worker-1")], _controlPlane.Store.Keys(Tenant));
    }

    [Fact]
    public async Task CreateAsync_GenerateName_NamesTheObjectWithARandomSuffix()
    {
        var first = Manifests.Pod(name: null!);
        first.Metadata.GenerateName = "web-";
        var second = Manifests.Pod(name: null!);
        second.Metadata.GenerateName = "web-";

        var (a, _) = await Objects.CreateAsync(ResourceRegistry.Pods, Tenant, first, CancellationToken.None);
        var (b, _) = await Objects.CreateAsync(ResourceRegistry.Pods, Tenant, second, CancellationToken.None);

        Assert.Matches("^web-[bcdfghjklmnpqrstvwxz2456789]{5}$", a.Object.Metadata.Name);
        Assert.Matches("^web-[bcdfghjklmnpqrstvwxz2456789]{5}$", b.Object.Metadata.Name);
        Assert.NotEqual(a.Object.Metadata.Name, b.Object.Metadata.Name);
        Assert.NotNull(await _controlPlane.GetAsync(ResourceRegistry.Pods, a.Object.Metadata.Name!));
    }

    [Fact]
    public async Task CreateAsync_InvalidObject_Throws422NamingTheFieldsAndStoresNothing()
    {
        var pod = Manifests.Pod("Bad_Name");
        pod.Spec!.Containers = [];

        var error = await Assert.ThrowsAsync<ApiException>(() => Objects.CreateAsync(ResourceRegistry.Pods, Tenant, pod, CancellationToken.None));

        Assert.Equal(422, error.Status.Code);
        Assert.Equal("Invalid", error.Status.Reason);
        Assert.Equal("Bad_Name", error.Status.Details?.Name);
        var fields = error.Status.Details?.Causes?.Select(c => c.Field).ToList();
        Assert.NotNull(fields);
        Assert.Contains("metadata.name", fields);
        Assert.Contains("spec.containers", fields);
        Assert.StartsWith("Pod \"Bad_Name\" is invalid: ", error.Status.Message, StringComparison.Ordinal);
        Assert.Empty(_controlPlane.Store.Keys(Tenant));
        Assert.Equal(0, _controlPlane.Store.CommitCount);
        Assert.Empty(_controlPlane.Observer.Changes);
    }

    [Fact]
    public async Task CreateAsync_NameTaken_Throws409AlreadyExists()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1"));

        var error = await Assert.ThrowsAsync<ApiException>(() => Objects.CreateAsync(ResourceRegistry.Pods, Tenant, Manifests.Pod("web-1"), CancellationToken.None));

        Assert.Equal(409, error.Status.Code);
        Assert.Equal("AlreadyExists", error.Status.Reason);
        Assert.Equal("pods \"web-1\" already exists", error.Status.Message);
    }

    [Fact]
    public async Task CreateAsync_SameNameInAnotherTenant_IsAnotherObject()
    {
        var ours = await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1"));

        var (theirs, _) = await Objects.CreateAsync(ResourceRegistry.Pods, "globex", Manifests.Pod("web-1"), CancellationToken.None);

        Assert.NotEqual(ours.Object.Metadata.Uid, theirs.Object.Metadata.Uid);
        Assert.Equal(ours.Object.Metadata.Uid, (await _controlPlane.GetAsync(ResourceRegistry.Pods, "web-1"))!.Object.Metadata.Uid);
        Assert.Single(await Objects.ListAllAsync(ResourceRegistry.Pods, "globex"));
    }

    [Fact]
    public async Task UpdateAsync_SpecChange_BumpsGenerationAndVersion()
    {
        var created = await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web", replicas: 2));
        var updated = ResourceRegistry.Deployments.Clone(created.Object);
        updated.Spec!.Replicas = 3;

        var (result, _) = await Objects.UpdateAsync(ResourceRegistry.Deployments, Tenant, created.Untyped(), updated, UpdateScope.Spec, CancellationToken.None);

        Assert.Equal(2, result.Object.Metadata.Generation);
        Assert.NotEqual(created.Object.Metadata.ResourceVersion, result.Object.Metadata.ResourceVersion);
        var stored = await _controlPlane.GetAsync(ResourceRegistry.Deployments, "web");
        Assert.Equal(3, stored!.Object.Spec!.Replicas);
        Assert.Equal(2, stored.Object.Metadata.Generation);
    }

    [Fact]
    public async Task UpdateAsync_LabelsOnly_KeepsGeneration()
    {
        var created = await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web"));
        var updated = ResourceRegistry.Deployments.Clone(created.Object);
        updated.Metadata.Labels = new() { ["team"] = "blue" };

        var (result, _) = await Objects.UpdateAsync(ResourceRegistry.Deployments, Tenant, created.Untyped(), updated, UpdateScope.Spec, CancellationToken.None);

        Assert.Equal(1, result.Object.Metadata.Generation);
        Assert.Equal("blue", (await _controlPlane.GetAsync(ResourceRegistry.Deployments, "web"))!.Object.Metadata.Labels?["team"]);
    }

    [Fact]
    public async Task UpdateAsync_ServerOwnedFieldsInTheUpdate_AreKept()
    {
        var created = await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web"));
        var updated = ResourceRegistry.Deployments.Clone(created.Object);
        updated.Metadata.Uid = "other";
        updated.Metadata.CreationTimestamp = DateTimeOffset.UnixEpoch;
        _controlPlane.Time.Advance(TimeSpan.FromMinutes(5));

        var (result, _) = await Objects.UpdateAsync(ResourceRegistry.Deployments, Tenant, created.Untyped(), updated, UpdateScope.Spec, CancellationToken.None);

        Assert.Equal(created.Object.Metadata.Uid, result.Object.Metadata.Uid);
        Assert.Equal(created.Object.Metadata.CreationTimestamp, result.Object.Metadata.CreationTimestamp);
    }

    [Fact]
    public async Task UpdateAsync_StatusScope_WritesTheStatusAndKeepsSpecAndGeneration()
    {
        var created = await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web", replicas: 2));
        var updated = ResourceRegistry.Deployments.Clone(created.Object);
        updated.Spec!.Replicas = 5;
        updated.Metadata.Labels = new() { ["sneaked"] = "in" };
        updated.Status = new DeploymentStatus { Replicas = 2, ReadyReplicas = 1, ObservedGeneration = 1 };

        var (result, _) = await Objects.UpdateAsync(ResourceRegistry.Deployments, Tenant, created.Untyped(), updated, UpdateScope.Status, CancellationToken.None);

        var stored = (await _controlPlane.GetAsync(ResourceRegistry.Deployments, "web"))!.Object;
        Assert.Equal(2, stored.Spec!.Replicas);
        Assert.Null(stored.Metadata.Labels);
        Assert.Equal(1, stored.Status?.ReadyReplicas);
        Assert.Equal(1, stored.Metadata.Generation);
        Assert.Equal(1, result.Object.Metadata.Generation);
    }

    [Fact]
    public async Task UpdateAsync_SpecScope_WritesTheSpecAndKeepsTheStatus()
    {
        var created = await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web", replicas: 2));
        var withStatus = ResourceRegistry.Deployments.Clone(created.Object);
        withStatus.Status = new DeploymentStatus { Replicas = 2, ReadyReplicas = 2, ObservedGeneration = 1 };
        var (reported, _) = await Objects.UpdateAsync(ResourceRegistry.Deployments, Tenant, created.Untyped(), withStatus, UpdateScope.Status, CancellationToken.None);
        var scaled = ResourceRegistry.Deployments.Clone((Deployment)reported.Object);
        scaled.Spec!.Replicas = 4;
        scaled.Status = new DeploymentStatus { Replicas = 99 };

        await Objects.UpdateAsync(ResourceRegistry.Deployments, Tenant, reported, scaled, UpdateScope.Spec, CancellationToken.None);

        var stored = (await _controlPlane.GetAsync(ResourceRegistry.Deployments, "web"))!.Object;
        Assert.Equal(4, stored.Spec!.Replicas);
        Assert.Equal(2, stored.Status?.Replicas);
        Assert.Equal(2, stored.Status?.ReadyReplicas);
        Assert.Equal(2, stored.Metadata.Generation);
    }

    [Fact]
    public async Task UpdateAsync_StaleVersion_Throws409ConflictAndKeepsTheNewerObject()
    {
        var created = await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web", replicas: 2));
        var first = ResourceRegistry.Deployments.Clone(created.Object);
        first.Spec!.Replicas = 3;
        await Objects.UpdateAsync(ResourceRegistry.Deployments, Tenant, created.Untyped(), first, UpdateScope.Spec, CancellationToken.None);
        var second = ResourceRegistry.Deployments.Clone(created.Object);
        second.Spec!.Replicas = 7;

        var error = await Assert.ThrowsAsync<ApiException>(() =>
            Objects.UpdateAsync(ResourceRegistry.Deployments, Tenant, created.Untyped(), second, UpdateScope.Spec, CancellationToken.None));

        Assert.Equal(409, error.Status.Code);
        Assert.Equal("Conflict", error.Status.Reason);
        Assert.Contains("the object has been modified", error.Status.Message, StringComparison.Ordinal);
        Assert.Equal(3, (await _controlPlane.GetAsync(ResourceRegistry.Deployments, "web"))!.Object.Spec!.Replicas);
    }

    [Fact]
    public async Task UpdateAsync_DeletedObject_Throws404NotFound()
    {
        var created = await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web"));
        await Objects.DeleteAsync(ResourceRegistry.Deployments, Tenant, created.Untyped(), cascade: false, CancellationToken.None);
        var updated = ResourceRegistry.Deployments.Clone(created.Object);
        updated.Spec!.Replicas = 3;

        var error = await Assert.ThrowsAsync<ApiException>(() =>
            Objects.UpdateAsync(ResourceRegistry.Deployments, Tenant, created.Untyped(), updated, UpdateScope.Spec, CancellationToken.None));

        Assert.Equal(404, error.Status.Code);
        Assert.Equal("NotFound", error.Status.Reason);
    }

    [Fact]
    public async Task UpdateAsync_InvalidSpec_Throws422AndKeepsTheStoredObject()
    {
        var created = await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web", replicas: 2));
        var updated = ResourceRegistry.Deployments.Clone(created.Object);
        updated.Spec!.Replicas = -1;

        var error = await Assert.ThrowsAsync<ApiException>(() =>
            Objects.UpdateAsync(ResourceRegistry.Deployments, Tenant, created.Untyped(), updated, UpdateScope.Spec, CancellationToken.None));

        Assert.Equal(422, error.Status.Code);
        Assert.Equal(["spec.replicas"], error.Status.Details?.Causes?.Select(c => c.Field));
        Assert.Equal(created.Object.Metadata.ResourceVersion, (await _controlPlane.GetAsync(ResourceRegistry.Deployments, "web"))!.Object.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task CommitAsync_MoreThanOneCommitHolds_SplitsTheCommitAndStoresEveryObject()
    {
        // One more pod than the store takes in one commit.
        var count = _controlPlane.Store.MaxCommitCost + 1;
        var owner = new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "web-abcde", Uid = Guid.NewGuid().ToString(), Controller = true };
        var writes = Enumerable.Range(0, count)
            .Select(i => Objects.PrepareCreate(ResourceRegistry.Pods, Tenant, Manifests.Pod($"web-{i:D3}", owner: owner)))
            .ToList();
        var before = _controlPlane.Store.CommitCount;

        var results = await Objects.CommitAsync(Tenant, writes, CancellationToken.None);

        Assert.Equal(2, _controlPlane.Store.CommitCount - before);
        Assert.Equal(count, results.Count);
        Assert.All(results, r => Assert.False(string.IsNullOrEmpty(r?.Object.Metadata.ResourceVersion)));
        var stored = await _controlPlane.ListAsync(ResourceRegistry.Pods);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"web-{i:D3}"), stored.Select(p => p.Object.Metadata.Name));
        var owned = await Objects.ListAllAsync(ResourceRegistry.Pods, Tenant, index: new IndexEntry(ResourceRegistry.OwnerIndex, owner.Uid));
        Assert.Equal(count, owned.Count);
        Assert.Equal(count, _controlPlane.Observer.Changes.Select(c => c.New!.Metadata.Uid).Distinct().Count());
    }

    [Fact]
    public async Task DeleteAsync_Cascade_WritesAGarbageMarkerInTheSameCommit()
    {
        var deployment = await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web"));
        var commits = _controlPlane.Store.CommitCount;

        await Objects.DeleteAsync(ResourceRegistry.Deployments, Tenant, deployment.Untyped(), cascade: true, CancellationToken.None);

        Assert.Equal(commits + 1, _controlPlane.Store.CommitCount);
        Assert.Null(await _controlPlane.GetAsync(ResourceRegistry.Deployments, "web"));
        var marker = await _controlPlane.Store.GetAsync(GarbageMarkers.Key(Tenant, "", deployment.Object.Metadata.Uid!), CancellationToken.None);
        Assert.NotNull(marker);
        Assert.Equal(GarbageMarkers.Resource, marker.Key.Resource);
    }

    [Fact]
    public async Task DeleteAsync_WithoutCascade_LeavesNoMarker()
    {
        var deployment = await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web"));

        await Objects.DeleteAsync(ResourceRegistry.Deployments, Tenant, deployment.Untyped(), cascade: false, CancellationToken.None);

        Assert.Null(await _controlPlane.GetAsync(ResourceRegistry.Deployments, "web"));
        Assert.Empty((await _controlPlane.Store.ListAsync(new ObjectListQuery(Tenant, GarbageMarkers.Resource), CancellationToken.None)).Items);
    }

    [Fact]
    public async Task DeleteAsync_StaleVersion_Throws409AndKeepsTheObject()
    {
        var created = await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web"));
        var updated = ResourceRegistry.Deployments.Clone(created.Object);
        updated.Spec!.Replicas = 3;
        await Objects.UpdateAsync(ResourceRegistry.Deployments, Tenant, created.Untyped(), updated, UpdateScope.Spec, CancellationToken.None);

        var error = await Assert.ThrowsAsync<ApiException>(() =>
            Objects.DeleteAsync(ResourceRegistry.Deployments, Tenant, created.Untyped(), cascade: true, CancellationToken.None));

        Assert.Equal(409, error.Status.Code);
        Assert.NotNull(await _controlPlane.GetAsync(ResourceRegistry.Deployments, "web"));
        Assert.Null(await _controlPlane.Store.GetAsync(GarbageMarkers.Key(Tenant, "", created.Object.Metadata.Uid!), CancellationToken.None));
    }

    [Fact]
    public async Task Observers_CreateUpdateDelete_SeeEachCommittedChangeOnceInOrder()
    {
        var created = await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1"));
        var running = ResourceRegistry.Pods.Clone(created.Object);
        running.Status!.Phase = "Running";
        var (updated, _) = await Objects.UpdateAsync(ResourceRegistry.Pods, Tenant, created.Untyped(), running, UpdateScope.Status, CancellationToken.None);
        await Assert.ThrowsAsync<ApiException>(() =>
            Objects.UpdateAsync(ResourceRegistry.Pods, Tenant, created.Untyped(), running, UpdateScope.Status, CancellationToken.None));
        await Objects.DeleteAsync(ResourceRegistry.Pods, Tenant, updated, cascade: false, CancellationToken.None);

        var batches = _controlPlane.Observer.Batches;
        Assert.Equal(3, batches.Count);
        var (create, update, delete) = (Assert.Single(batches[0]), Assert.Single(batches[1]), Assert.Single(batches[2]));
        Assert.All([create, update, delete], c => Assert.Equal(Tenant, c.Tenant));
        Assert.All([create, update, delete], c => Assert.Same(ResourceRegistry.Pods, c.Kind));
        Assert.Null(create.Old);
        Assert.Equal("Pending", ((Pod)create.New!).Status?.Phase);
        Assert.Equal("Pending", ((Pod)update.Old!).Status?.Phase);
        Assert.Equal("Running", ((Pod)update.New!).Status?.Phase);
        Assert.Equal("Running", ((Pod)delete.Old!).Status?.Phase);
        Assert.Null(delete.New);
    }

    public void Dispose() => _controlPlane.Dispose();
}
