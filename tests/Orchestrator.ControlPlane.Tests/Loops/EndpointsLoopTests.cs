using Orchestrator.ControlPlane.Loops;
using Orchestrator.ControlPlane.Objects;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.Core.Controllers;
using Orchestrator.Core.Objects;

namespace Orchestrator.ControlPlane.Tests.Loops;

public sealed class EndpointsLoopTests : IDisposable
{
    private const string Tenant = TestControlPlane.Tenant;

    private readonly TestControlPlane _controlPlane = new();

    private EndpointsLoop Loop => _controlPlane.Loop<EndpointsLoop>();

    private static LoopKey Key => new(Tenant, TestControlPlane.Namespace);

    [Fact]
    public async Task ReconcileAsync_ServiceOverReadyPods_CreatesASliceListingThem()
    {
        var service = await _controlPlane.CreateAsync(ResourceRegistry.Services, Service("web"));
        await RunningPodAsync("web-1", "worker-1", "192.168.1.11", ready: true);
        await RunningPodAsync("web-2", "worker-2", "192.168.1.12", ready: false);

        await Loop.ReconcileAsync(Key, CancellationToken.None);

        var slice = Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.EndpointSlices)).Object;
        Assert.Equal("web", slice.Metadata.Labels![EndpointSliceReconciler.ServiceNameLabel]);
        Assert.Equal(service.Object.Metadata.Uid, Assert.Single(slice.Metadata.OwnerReferences!).Uid);
        Assert.Equal(8080, Assert.Single(slice.Ports!).Port);
        Assert.Equal(
            [("web-1", "192.168.1.11", true), ("web-2", "192.168.1.12", false)],
            slice.Endpoints!.Select(e => (e.TargetRef!.Name, e.Addresses![0], e.Conditions!.Ready!.Value)).Order());
    }

    [Fact]
    public async Task ReconcileAsync_NothingChanged_WritesNothing()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Services, Service("web"));
        await RunningPodAsync("web-1", "worker-1", "192.168.1.11", ready: true);
        await Loop.ReconcileAsync(Key, CancellationToken.None);
        var before = Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.EndpointSlices));

        await Loop.ReconcileAsync(Key, CancellationToken.None);

        var after = Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.EndpointSlices));
        Assert.Equal(before.Object.Metadata.ResourceVersion, after.Object.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task ReconcileAsync_PodTurnsUnready_MarksItsEndpointNotReady()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Services, Service("web"));
        var pod = await RunningPodAsync("web-1", "worker-1", "192.168.1.11", ready: true);
        await Loop.ReconcileAsync(Key, CancellationToken.None);

        await SetReadyAsync(pod, ready: false);
        await Loop.ReconcileAsync(Key, CancellationToken.None);

        var slice = Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.EndpointSlices)).Object;
        var conditions = Assert.Single(slice.Endpoints!).Conditions!;
        Assert.Equal((false, false, false), (conditions.Ready, conditions.Serving, conditions.Terminating));
    }

    [Fact]
    public async Task ReconcileAsync_ServicesOfOneNamespace_AreWrittenInOneCommit()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Services, Service("web"));
        await _controlPlane.CreateAsync(ResourceRegistry.Services, Service("api", app: "api"));
        await RunningPodAsync("web-1", "worker-1", "192.168.1.11", ready: true);
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("worker-1"));
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("worker-2"));
        var nudgesBefore = _controlPlane.Channel.Nudges.Count;

        await Loop.ReconcileAsync(Key, CancellationToken.None);

        Assert.Equal(2, (await _controlPlane.ListAsync(ResourceRegistry.EndpointSlices)).Count);
        // One batch of slices: every node of the tenant hears of it once.
        Assert.Equal(["worker-1", "worker-2"], _controlPlane.Channel.Nudges.Skip(nudgesBefore).Select(n => n.NodeName).Order());
    }

    [Fact]
    public async Task CreateService_NodesInTheTenant_NudgesEveryNodeOnce()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("worker-1"));
        await _controlPlane.CreateAsync(ResourceRegistry.Nodes, Manifests.Node("worker-2"));

        await _controlPlane.CreateAsync(ResourceRegistry.Services, Service("web"));

        Assert.Equal(["worker-1", "worker-2"], _controlPlane.Channel.Nudges.Select(n => n.NodeName).Order());
        Assert.All(_controlPlane.Channel.Nudges, n => Assert.Equal(Tenant, n.Tenant));
    }

    [Fact]
    public async Task CreateService_OtherTenantsNodes_AreNotNudged()
    {
        await _controlPlane.Objects.CreateAsync(ResourceRegistry.Nodes, "other", Manifests.Node("elsewhere"), CancellationToken.None);

        await _controlPlane.CreateAsync(ResourceRegistry.Services, Service("web"));

        Assert.Empty(_controlPlane.Channel.Nudges);
    }

    [Fact]
    public async Task DeleteService_GarbageCollectorRuns_DeletesItsSlices()
    {
        var service = await _controlPlane.CreateAsync(ResourceRegistry.Services, Service("web"));
        await RunningPodAsync("web-1", "worker-1", "192.168.1.11", ready: true);
        await Loop.ReconcileAsync(Key, CancellationToken.None);
        Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.EndpointSlices));

        await _controlPlane.Objects.DeleteAsync(ResourceRegistry.Services, Tenant, service.Untyped(), cascade: true, CancellationToken.None);
        await _controlPlane.Loop<GarbageCollectorLoop>().ReconcileAsync(new LoopKey(Tenant), CancellationToken.None);

        Assert.Empty(await _controlPlane.ListAsync(ResourceRegistry.EndpointSlices));
    }

    [Fact]
    public async Task KeysFor_PodChanges_OnlyThoseThatCanChangeAnEndpoint()
    {
        var pod = await RunningPodAsync("web-1", "worker-1", "192.168.1.11", ready: true);
        var unready = Clone(pod.Object, p => p.Status!.Conditions![0].Status = "False");
        var probed = Clone(pod.Object, p => p.Status!.Conditions![0].LastProbeTime = TestControlPlane.Start);
        var relabeled = Clone(pod.Object, p => p.Metadata.Labels!["app"] = "api");
        var deleting = Clone(pod.Object, p => p.Metadata.DeletionTimestamp = TestControlPlane.Start);

        Assert.Equal([Key], Loop.KeysFor(Change(ResourceRegistry.Pods, null, pod.Object)));
        Assert.Equal([Key], Loop.KeysFor(Change(ResourceRegistry.Pods, pod.Object, unready)));
        Assert.Equal([Key], Loop.KeysFor(Change(ResourceRegistry.Pods, pod.Object, relabeled)));
        Assert.Equal([Key], Loop.KeysFor(Change(ResourceRegistry.Pods, pod.Object, deleting)));
        Assert.Equal([Key], Loop.KeysFor(Change(ResourceRegistry.Pods, pod.Object, null)));
        Assert.Empty(Loop.KeysFor(Change(ResourceRegistry.Pods, pod.Object, probed)));
    }

    [Fact]
    public async Task KeysFor_ServiceOrDeletedManagedSlice_ReconcilesTheNamespace()
    {
        var service = await _controlPlane.CreateAsync(ResourceRegistry.Services, Service("web"));
        await Loop.ReconcileAsync(Key, CancellationToken.None);
        var slice = Assert.Single(await _controlPlane.ListAsync(ResourceRegistry.EndpointSlices)).Object;

        Assert.Equal([Key], Loop.KeysFor(Change(ResourceRegistry.Services, null, service.Object)));
        Assert.Equal([Key], Loop.KeysFor(Change(ResourceRegistry.EndpointSlices, slice, null)));
        Assert.Empty(Loop.KeysFor(Change(ResourceRegistry.EndpointSlices, null, slice)));
    }

    [Fact]
    public async Task ResyncKeysAsync_ServicesInTwoNamespaces_OneKeyEach()
    {
        await _controlPlane.CreateAsync(ResourceRegistry.Services, Service("web"));
        await _controlPlane.CreateAsync(ResourceRegistry.Services, Service("api", app: "api"));
        var other = Service("web");
        other.Metadata.Namespace = "shop";
        await _controlPlane.Objects.CreateAsync(ResourceRegistry.Namespaces, Tenant, new Namespace { Metadata = new ObjectMeta { Name = "shop" } }, CancellationToken.None);
        await _controlPlane.Objects.CreateAsync(ResourceRegistry.Services, Tenant, other, CancellationToken.None);

        var keys = await Loop.ResyncKeysAsync(Tenant, CancellationToken.None);

        Assert.Equal([TestControlPlane.Namespace, "shop"], keys.Select(k => k.Namespace).Order());
    }

    public void Dispose() => _controlPlane.Dispose();

    private static Service Service(string name, string app = "web") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = TestControlPlane.Namespace },
        Spec = new ServiceSpec
        {
            Selector = new() { ["app"] = app },
            Ports = [new ServicePort { Name = "http", Port = 80, TargetPort = IntOrString.FromString("http") }],
        },
    };

    private static ObjectChange Change(ResourceKind kind, KubeObject? old, KubeObject? current) => new(Tenant, kind, old, current);

    private static Pod Clone(Pod pod, Action<Pod> change)
    {
        var clone = ResourceRegistry.Pods.Clone(pod);
        change(clone);
        return clone;
    }

    /// <summary>A pod bound to <paramref name="node"/>, declaring port <c>http</c> 8080, running at <paramref name="address"/> as its agent reports.</summary>
    private async Task<Versioned<Pod>> RunningPodAsync(string name, string node, string address, bool ready)
    {
        var manifest = Manifests.Pod(name, nodeName: node);
        manifest.Spec!.Containers![0].Ports = [new ContainerPort { Name = "http", ContainerPortNumber = 8080 }];
        var pod = await _controlPlane.CreateAsync(ResourceRegistry.Pods, manifest);
        var running = ResourceRegistry.Pods.Clone(pod.Object);
        running.Status = new PodStatus
        {
            Phase = "Running",
            PodIP = address,
            HostIP = address,
            Conditions = [new PodCondition { Type = "Ready", Status = ready ? "True" : "False" }],
        };
        await _controlPlane.Objects.UpdateAsync(ResourceRegistry.Pods, Tenant, pod.Untyped(), running, UpdateScope.Status, CancellationToken.None);
        return (await _controlPlane.GetAsync(ResourceRegistry.Pods, name))!;
    }

    private async Task SetReadyAsync(Versioned<Pod> pod, bool ready)
    {
        var updated = ResourceRegistry.Pods.Clone(pod.Object);
        updated.Status!.Conditions = [new PodCondition { Type = "Ready", Status = ready ? "True" : "False" }];
        await _controlPlane.Objects.UpdateAsync(ResourceRegistry.Pods, Tenant, pod.Untyped(), updated, UpdateScope.Status, CancellationToken.None);
    }
}
