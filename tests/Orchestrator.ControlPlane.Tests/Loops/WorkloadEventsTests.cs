using Orchestrator.ControlPlane.Loops;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Tests.Loops;

/// <summary>The Events the Deployment and ReplicaSet loops leave, as <c>kubectl get events</c> would show them.</summary>
public sealed class WorkloadEventsTests : IDisposable
{
    private readonly TestControlPlane _controlPlane = new();

    private static LoopKey Key(string name) => new(TestControlPlane.Tenant, TestControlPlane.Namespace, name);

    [Fact]
    public async Task DeploymentLoop_NewDeployment_RecordsScalingReplicaSetAboutTheDeployment()
    {
        var deployment = await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web", replicas: 3));

        await _controlPlane.Loop<DeploymentLoop>().ReconcileAsync(Key("web"), CancellationToken.None);

        var rs = Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.ReplicaSets)).Object;
        var scaled = Assert.Single(await EventsAsync());
        Assert.Equal(("Normal", "ScalingReplicaSet", $"Scaled up replica set {rs.Metadata.Name} from 0 to 3"), (scaled.Type, scaled.Reason, scaled.Message));
        Assert.Equal(("Deployment", "web", deployment.Object.Metadata.Uid), (scaled.InvolvedObject?.Kind, scaled.InvolvedObject?.Name, scaled.InvolvedObject?.Uid));
        Assert.Equal("deployment-controller", scaled.Source?.Component);
        Assert.Equal(TestControlPlane.Namespace, scaled.Metadata.Namespace);
        Assert.Equal(1, scaled.Count);
    }

    [Fact]
    public async Task DeploymentLoop_SameScalingTwice_BumpsTheCountOfOneEvent()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Deployments, Manifests.Deployment("web", replicas: 2));
        var loop = _controlPlane.Loop<DeploymentLoop>();
        await loop.ReconcileAsync(Key("web"), CancellationToken.None);

        foreach (var replicas in new[] { 4, 2, 4 })
        {
            _controlPlane.Time.Advance(TimeSpan.FromSeconds(30));
            await ScaleAsync(replicas);
            await loop.ReconcileAsync(Key("web"), CancellationToken.None);
        }

        var events = await EventsAsync();
        var up = Assert.Single(events, e => e.Message!.EndsWith("from 2 to 4", StringComparison.Ordinal));
        Assert.Equal(2, up.Count);
        Assert.Equal(_controlPlane.Time.GetUtcNow().ToUnixTimeSeconds(), up.LastTimestamp!.Value.ToUnixTimeSeconds());
        Assert.True(up.FirstTimestamp < up.LastTimestamp);
        Assert.Equal(1, Assert.Single(events, e => e.Message!.EndsWith("from 4 to 2", StringComparison.Ordinal)).Count);
    }

    [Fact]
    public async Task ReplicaSetLoop_PodsCreated_RecordsSuccessfulCreateForEachAboutTheReplicaSet()
    {
        var rs = await _controlPlane.CreateAsync(ResourceRegistry.ReplicaSets, Manifests.ReplicaSet("web", replicas: 2));

        await _controlPlane.Loop<ReplicaSetLoop>().ReconcileAsync(Key("web"), CancellationToken.None);

        var pods = (await _controlPlane.ListAsync(ResourceRegistry.Pods)).Select(static p => p.Object.Metadata.Name).ToList();
        var events = await EventsAsync();
        Assert.Equal(pods.Select(static p => $"Created pod: {p}").Order(StringComparer.Ordinal), events.Select(static e => e.Message).Order(StringComparer.Ordinal));
        Assert.All(events, e =>
        {
            Assert.Equal(("Normal", "SuccessfulCreate", "replicaset-controller"), (e.Type, e.Reason, e.Source?.Component));
            Assert.Equal(("ReplicaSet", "web", rs.Object.Metadata.Uid), (e.InvolvedObject?.Kind, e.InvolvedObject?.Name, e.InvolvedObject?.Uid));
        });
    }

    [Fact]
    public async Task ReplicaSetLoop_ScaledDown_RecordsSuccessfulDelete()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.ReplicaSets, Manifests.ReplicaSet("web", replicas: 2));
        var loop = _controlPlane.Loop<ReplicaSetLoop>();
        await loop.ReconcileAsync(Key("web"), CancellationToken.None);
        var current = (await _controlPlane.GetAsync(ResourceRegistry.ReplicaSets, "web"))!;
        var scaled = ResourceRegistry.ReplicaSets.Clone(current.Object);
        scaled.Spec!.Replicas = 1;
        await _controlPlane.Objects.UpdateAsync(ResourceRegistry.ReplicaSets, TestControlPlane.Tenant, current.Untyped(), scaled, UpdateScope.Spec, CancellationToken.None);

        await loop.ReconcileAsync(Key("web"), CancellationToken.None);

        var remaining = Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.Pods)).Object.Metadata.Name;
        var deleted = Assert.Single(await EventsAsync(), e => e.Reason == "SuccessfulDelete");
        Assert.StartsWith("Deleted pod: web-", deleted.Message, StringComparison.Ordinal);
        Assert.NotEqual($"Deleted pod: {remaining}", deleted.Message);
    }

    [Fact]
    public async Task ReplicaSetLoop_NothingToDo_RecordsNothing()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.ReplicaSets, Manifests.ReplicaSet("web", replicas: 1));
        var loop = _controlPlane.Loop<ReplicaSetLoop>();
        await loop.ReconcileAsync(Key("web"), CancellationToken.None);
        var before = await EventsAsync();

        await loop.ReconcileAsync(Key("web"), CancellationToken.None);
        await loop.ReconcileAsync(Key("web"), CancellationToken.None);

        Assert.Equal(before.Select(static e => (e.Message, e.Count)), (await EventsAsync()).Select(static e => (e.Message, e.Count)));
    }

    private async Task ScaleAsync(int replicas)
    {
        var current = (await _controlPlane.GetAsync(ResourceRegistry.Deployments, "web"))!;
        var scaled = ResourceRegistry.Deployments.Clone(current.Object);
        scaled.Spec!.Replicas = replicas;
        await _controlPlane.Objects.UpdateAsync(ResourceRegistry.Deployments, TestControlPlane.Tenant, current.Untyped(), scaled, UpdateScope.Spec, CancellationToken.None);
    }

    private async Task<List<Event>> EventsAsync() =>
        [.. (await _controlPlane.ListAsync(ResourceRegistry.Events)).Select(static e => e.Object)];

    public void Dispose() => _controlPlane.Dispose();
}
