using Orchestrator.ControlPlane.Api;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Tests.Objects;

/// <summary>Kubernetes' deletion semantics: graceful pod deletion, finalizers and propagation policies.</summary>
public sealed class ObjectServiceDeletionTests : IDisposable
{
    private const string Tenant = TestControlPlane.Tenant;

    private static readonly DateTimeOffset Now = new(2025, 1, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly TestControlPlane _controlPlane = new();

    private ObjectService Objects => _controlPlane.Objects;

    public void Dispose() => _controlPlane.Dispose();

    [Fact]
    public async Task DeleteAsync_BoundRunningPod_StaysTerminatingWithItsGracePeriodAndNotReady()
    {
        var pod = await ReadyPodAsync("web-1", terminationGracePeriodSeconds: 45);

        var remaining = await Objects.DeleteAsync(ResourceRegistry.Pods, Tenant, pod.Untyped(), DeletionOptions.Default, CancellationToken.None);

        var stored = await _controlPlane.GetAsync(ResourceRegistry.Pods, "web-1");
        Assert.NotNull(remaining);
        Assert.NotNull(stored);
        Assert.Equal(Now.AddSeconds(45), stored.Object.Metadata.DeletionTimestamp);
        Assert.Equal(45, stored.Object.Metadata.DeletionGracePeriodSeconds);
        Assert.Equal("False", Condition(stored.Object, "Ready"));
        Assert.Equal("False", Condition(stored.Object, "ContainersReady"));
        Assert.Equal("True", Condition(stored.Object, "PodScheduled"));
        Assert.Equal(stored.Object.Metadata.ResourceVersion, remaining.Object.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task DeleteAsync_BoundPodWithoutGracePeriod_Waits30Seconds()
    {
        var pod = await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1", nodeName: "node-1"));

        await Objects.DeleteAsync(ResourceRegistry.Pods, Tenant, pod.Untyped(), DeletionOptions.Default, CancellationToken.None);

        var stored = (await _controlPlane.GetAsync(ResourceRegistry.Pods, "web-1"))!.Object;
        Assert.Equal(30, stored.Metadata.DeletionGracePeriodSeconds);
        Assert.Equal(Now.AddSeconds(30), stored.Metadata.DeletionTimestamp);
    }

    [Theory]
    [InlineData(null, "Running", 0L)]
    [InlineData("node-1", "Succeeded", null)]
    [InlineData("node-1", "Failed", null)]
    [InlineData("node-1", "Running", 0L)]
    public async Task DeleteAsync_UnboundFinishedOrGraceZeroPod_IsRemovedAtOnce(string? nodeName, string phase, long? grace)
    {
        var created = await _controlPlane.CreateAsync(ResourceRegistry.Pods, Manifests.Pod("web-1", nodeName));
        var pod = await SetPhaseAsync(created, phase);

        var remaining = await Objects.DeleteAsync(ResourceRegistry.Pods, Tenant, pod, new DeletionOptions(GracePeriodSeconds: grace), CancellationToken.None);

        Assert.Null(remaining);
        Assert.Null(await _controlPlane.GetAsync(ResourceRegistry.Pods, "web-1"));
    }

    [Fact]
    public async Task DeleteAsync_TerminatingPodWithShorterGrace_ShortensTheDeadline()
    {
        var terminating = await TerminatingPodAsync("web-1", grace: 60);

        await Objects.DeleteAsync(ResourceRegistry.Pods, Tenant, terminating, new DeletionOptions(GracePeriodSeconds: 10), CancellationToken.None);

        var stored = (await _controlPlane.GetAsync(ResourceRegistry.Pods, "web-1"))!.Object;
        Assert.Equal(10, stored.Metadata.DeletionGracePeriodSeconds);
        Assert.Equal(Now.AddSeconds(10), stored.Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task DeleteAsync_TerminatingPodWithLongerOrNoGrace_ReturnsItUnchangedWithoutWriting()
    {
        var terminating = await TerminatingPodAsync("web-1", grace: 10);
        var commits = _controlPlane.Store.CommitCount;

        var longer = await Objects.DeleteAsync(ResourceRegistry.Pods, Tenant, terminating, new DeletionOptions(GracePeriodSeconds: 300), CancellationToken.None);
        var again = await Objects.DeleteAsync(ResourceRegistry.Pods, Tenant, terminating, DeletionOptions.Default, CancellationToken.None);

        Assert.Equal(commits, _controlPlane.Store.CommitCount);
        Assert.Equal(10, longer!.Object.Metadata.DeletionGracePeriodSeconds);
        Assert.Equal(Now.AddSeconds(10), again!.Object.Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task DeleteAsync_TerminatingPodForced_IsRemoved()
    {
        var terminating = await TerminatingPodAsync("web-1", grace: 30);

        var remaining = await Objects.DeleteAsync(ResourceRegistry.Pods, Tenant, terminating, DeletionOptions.Force, CancellationToken.None);

        Assert.Null(remaining);
        Assert.Null(await _controlPlane.GetAsync(ResourceRegistry.Pods, "web-1"));
    }

    [Fact]
    public async Task UpdateAsync_StatusReportOfTerminatingPodSaysReady_StaysNotReady()
    {
        var terminating = await TerminatingPodAsync("web-1", grace: 30);
        var report = ResourceRegistry.Pods.Clone((Pod)terminating.Object);
        report.Status = ReadyStatus();

        var (updated, _) = await Objects.UpdateAsync(ResourceRegistry.Pods, Tenant, terminating, report, UpdateScope.Status, CancellationToken.None);

        Assert.Equal("False", Condition((Pod)updated.Object, "Ready"));
        Assert.Equal("False", Condition((await _controlPlane.GetAsync(ResourceRegistry.Pods, "web-1"))!.Object, "ContainersReady"));
    }

    [Fact]
    public async Task UpdateAsync_ClearsDeletionTimestamp_CannotUndeleteTheObject()
    {
        var terminating = await TerminatingPodAsync("web-1", grace: 30);
        var edit = ResourceRegistry.Pods.Clone((Pod)terminating.Object);
        edit.Metadata.DeletionTimestamp = null;
        edit.Metadata.DeletionGracePeriodSeconds = null;
        edit.Metadata.Labels!["edited"] = "yes";

        await Objects.UpdateAsync(ResourceRegistry.Pods, Tenant, terminating, edit, UpdateScope.Spec, CancellationToken.None);

        var stored = (await _controlPlane.GetAsync(ResourceRegistry.Pods, "web-1"))!.Object;
        Assert.Equal("yes", stored.Metadata.Labels!["edited"]);
        Assert.Equal(Now.AddSeconds(30), stored.Metadata.DeletionTimestamp);
        Assert.Equal(30, stored.Metadata.DeletionGracePeriodSeconds);
    }

    [Fact]
    public async Task DeleteAsync_ObjectWithFinalizer_StaysWithDeletionTimestampUntilTheLastFinalizerIsRemoved()
    {
        var secret = new Secret { Metadata = new ObjectMeta { Name = "creds", Namespace = TestControlPlane.Namespace, Finalizers = ["example.com/a", "example.com/b"] } };
        var created = await _controlPlane.CreateAsync(ResourceRegistry.Secrets, secret);

        var remaining = await Objects.DeleteAsync(ResourceRegistry.Secrets, Tenant, created.Untyped(), DeletionOptions.Default, CancellationToken.None);
        Assert.NotNull(remaining);
        Assert.Equal(Now, remaining.Object.Metadata.DeletionTimestamp);
        Assert.Equal(0, remaining.Object.Metadata.DeletionGracePeriodSeconds);

        var one = ResourceRegistry.Secrets.Clone((Secret)remaining.Object);
        one.Metadata.Finalizers = ["example.com/b"];
        var (afterOne, _) = await Objects.UpdateAsync(ResourceRegistry.Secrets, Tenant, remaining, one, UpdateScope.Spec, CancellationToken.None);
        Assert.NotNull(await _controlPlane.GetAsync(ResourceRegistry.Secrets, "creds"));

        var none = ResourceRegistry.Secrets.Clone((Secret)afterOne.Object);
        none.Metadata.Finalizers = [];
        await Objects.UpdateAsync(ResourceRegistry.Secrets, Tenant, afterOne, none, UpdateScope.Spec, CancellationToken.None);

        Assert.Null(await _controlPlane.GetAsync(ResourceRegistry.Secrets, "creds"));
        Assert.Null(_controlPlane.Observer.Changes[^1].New);
    }

    [Fact]
    public async Task UpdateAsync_NewFinalizerOnDeletingObject_Is422NamingTheField()
    {
        var secret = new Secret { Metadata = new ObjectMeta { Name = "creds", Namespace = TestControlPlane.Namespace, Finalizers = ["example.com/a"] } };
        var created = await _controlPlane.CreateAsync(ResourceRegistry.Secrets, secret);
        var deleting = (await Objects.DeleteAsync(ResourceRegistry.Secrets, Tenant, created.Untyped(), DeletionOptions.Default, CancellationToken.None))!;
        var edit = ResourceRegistry.Secrets.Clone((Secret)deleting.Object);
        edit.Metadata.Finalizers = ["example.com/a", "example.com/late"];

        var error = await Assert.ThrowsAsync<ApiException>(() => Objects.UpdateAsync(ResourceRegistry.Secrets, Tenant, deleting, edit, UpdateScope.Spec, CancellationToken.None));

        Assert.Equal(422, error.Status.Code);
        Assert.Contains(error.Status.Details!.Causes!, c => c.Field == "metadata.finalizers");
    }

    [Theory]
    [InlineData(DeletionPropagation.Foreground, Finalizers.ForegroundDeletion)]
    [InlineData(DeletionPropagation.Orphan, Finalizers.Orphan)]
    public async Task DeleteAsync_ForegroundOrOrphan_KeepsTheOwnerWithTheFinalizerAndADurableMarker(DeletionPropagation policy, string finalizer)
    {
        var deployment = await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web"));

        await Objects.DeleteAsync(ResourceRegistry.Deployments, Tenant, deployment.Untyped(), new DeletionOptions(Propagation: policy), CancellationToken.None);

        var stored = (await _controlPlane.GetAsync(ResourceRegistry.Deployments, "web"))!.Object;
        Assert.Equal([finalizer], stored.Metadata.Finalizers);
        Assert.NotNull(stored.Metadata.DeletionTimestamp);
        var marker = await _controlPlane.Store.GetAsync(GarbageMarkers.Key(Tenant, "", deployment.Object.Metadata.Uid!), CancellationToken.None);
        Assert.Equal(new GarbageOwner("deployments.apps", TestControlPlane.Namespace, "web", deployment.Object.Metadata.Uid!), GarbageMarkers.Owner(marker!));
    }

    [Fact]
    public async Task CommitAsync_LoopsPrepareDeleteOfBoundPod_IsGracefulAsTheApi()
    {
        var pod = await ReadyPodAsync("web-1", terminationGracePeriodSeconds: 20);

        await Objects.CommitAsync(Tenant, [Objects.PrepareDelete(ResourceRegistry.Pods, pod.Untyped(), DeletionOptions.NoCollection)!], CancellationToken.None);

        var stored = (await _controlPlane.GetAsync(ResourceRegistry.Pods, "web-1"))!.Object;
        Assert.Equal(Now.AddSeconds(20), stored.Metadata.DeletionTimestamp);
        Assert.Equal("False", Condition(stored, "Ready"));
        Assert.Empty((await _controlPlane.Store.ListAsync(new ObjectListQuery(Tenant, GarbageMarkers.Resource), CancellationToken.None)).Items);
    }

    [Fact]
    public async Task PrepareDelete_LoopsDeleteOfTerminatingPod_ChangesNothing()
    {
        var terminating = await TerminatingPodAsync("web-1", grace: 30);
        var commits = _controlPlane.Store.CommitCount;

        var write = Objects.PrepareDelete(ResourceRegistry.Pods, terminating, DeletionOptions.NoCollection);
        var results = await Objects.CommitAsync(Tenant, write is null ? [] : [write], CancellationToken.None);

        Assert.Equal(commits, _controlPlane.Store.CommitCount);
        Assert.Null(write);
        Assert.Empty(results);
        Assert.Equal(terminating.Object.Metadata.Uid, (await _controlPlane.GetAsync(ResourceRegistry.Pods, "web-1"))!.Object.Metadata.Uid);
    }

    private static string? Condition(Pod pod, string type) => pod.Status?.Conditions?.Find(c => c.Type == type)?.Status;

    private static PodStatus ReadyStatus() => new()
    {
        Phase = "Running",
        Conditions =
        [
            new PodCondition { Type = "Ready", Status = "True" },
            new PodCondition { Type = "ContainersReady", Status = "True" },
            new PodCondition { Type = "PodScheduled", Status = "True" },
        ],
    };

    private async Task<Versioned<Pod>> ReadyPodAsync(string name, long? terminationGracePeriodSeconds = null)
    {
        var pod = Manifests.Pod(name, nodeName: "node-1");
        pod.Spec!.TerminationGracePeriodSeconds = terminationGracePeriodSeconds;
        var created = await _controlPlane.CreateAsync(ResourceRegistry.Pods, pod);
        var running = ResourceRegistry.Pods.Clone(created.Object);
        running.Status = ReadyStatus();
        var (updated, _) = await Objects.UpdateAsync(ResourceRegistry.Pods, Tenant, created.Untyped(), running, UpdateScope.Status, CancellationToken.None);
        return new Versioned<Pod>((Pod)updated.Object, updated.Stored);
    }

    private async Task<Versioned<KubeObject>> SetPhaseAsync(Versioned<Pod> pod, string phase)
    {
        var changed = ResourceRegistry.Pods.Clone(pod.Object);
        changed.Status!.Phase = phase;
        return (await Objects.UpdateAsync(ResourceRegistry.Pods, Tenant, pod.Untyped(), changed, UpdateScope.Status, CancellationToken.None)).Object;
    }

    private async Task<Versioned<KubeObject>> TerminatingPodAsync(string name, long grace)
    {
        var pod = await ReadyPodAsync(name);
        return (await Objects.DeleteAsync(ResourceRegistry.Pods, Tenant, pod.Untyped(), new DeletionOptions(GracePeriodSeconds: grace), CancellationToken.None))!;
    }
}
