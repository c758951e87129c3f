using Orchestrator.Core.Controllers;
using Orchestrator.Core.Objects;
using static Orchestrator.Core.Tests.Controllers.EndpointSliceFixtures;

namespace Orchestrator.Core.Tests.Controllers;

public sealed class EndpointSliceReconcilerTests
{
    [Fact]
    public void Reconcile_ReadyPods_CreateOneSliceOwnedByTheServiceListingThem()
    {
        var slices = Converge(Service(), [Pod("web-1", podIP: "10.0.0.1"), Pod("web-2", node: "node-b", podIP: "10.0.0.2")]);

        var slice = Assert.Single(slices);
        Assert.Equal(("discovery.k8s.io/v1", "EndpointSlice", "shop", "IPv4"), (slice.ApiVersion, slice.Kind, slice.Metadata.Namespace, slice.AddressType));
        Assert.StartsWith("web-", slice.Metadata.Name);
        Assert.Equal("web-".Length + 5, slice.Metadata.Name!.Length);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["team"] = "blue",
                ["kubernetes.io/service-name"] = "web",
                ["endpointslice.kubernetes.io/managed-by"] = "endpointslice-controller.k8s.io",
            },
            slice.Metadata.Labels);
        var owner = Assert.Single(slice.Metadata.OwnerReferences!);
        Assert.Equal(("v1", "Service", "web", "svc-uid", true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller));
        var port = Assert.Single(slice.Ports!);
        Assert.Equal(("http", "TCP", 8080), (port.Name, port.Protocol, port.Port));
        Assert.Collection(
            slice.Endpoints!,
            e =>
            {
                Assert.Equal(["10.0.0.1"], e.Addresses);
                Assert.Equal("node-a", e.NodeName);
                Assert.Equal(("Pod", "shop", "web-1", "web-1-uid"), (e.TargetRef!.Kind, e.TargetRef.Namespace, e.TargetRef.Name, e.TargetRef.Uid));
            },
            e => Assert.Equal(("10.0.0.2", "node-b"), (Assert.Single(e.Addresses!), e.NodeName)));
    }

    public static TheoryData<string, bool, bool, bool, bool, bool, bool> Conditions => new()
    {
        // case, pod ready, deleting, publishNotReadyAddresses → ready, serving, terminating
        { "ready", true, false, false, true, true, false },
        { "not ready", false, false, false, false, false, false },
        { "ready and terminating", true, true, false, false, true, true },
        { "not ready and terminating", false, true, false, false, false, true },
        { "not ready, published", false, false, true, true, false, false },
        { "terminating, published", true, true, true, true, true, true },
    };

    [Theory]
    [MemberData(nameof(Conditions))]
    public void Reconcile_PodState_ReportsKubernetesConditions(string scenario, bool podReady, bool deleting, bool publishNotReady, bool ready, bool serving, bool terminating)
    {
        var slices = Converge(Service(publishNotReady: publishNotReady), [Pod("web-1", ready: podReady, deleting: deleting)]);

        var conditions = Assert.Single(Endpoints(slices)).Conditions!;
        Assert.True((ready, serving, terminating) == (conditions.Ready, conditions.Serving, conditions.Terminating), scenario);
    }

    public static TheoryData<string, Pod> PodsLeftOut => new()
    {
        { "not bound to a node", Pod("web-x", node: null, podIP: null) },
        { "bound, no address yet", Pod("web-x", podIP: null) },
        { "succeeded", Pod("web-x", phase: "Succeeded") },
        { "failed", Pod("web-x", phase: "Failed") },
        { "other labels", Pod("web-x", app: "db") },
        { "other namespace", Pod("web-x", ns: "other") },
    };

    [Theory]
    [MemberData(nameof(PodsLeftOut))]
    public void Reconcile_PodThatCannotServe_IsLeftOut(string scenario, Pod pod)
    {
        var slices = Converge(Service(), [Pod("web-1"), pod]);

        Assert.True(PodNames(slices).SequenceEqual(["web-1"]), scenario);
    }

    [Fact]
    public void Reconcile_PodWithOnlyAHostIP_IsListedAtIt()
    {
        var pod = Pod("web-1", podIP: null);
        pod.Status!.HostIP = "192.168.1.7";

        var endpoint = Assert.Single(Endpoints(Converge(Service(), [pod])));

        Assert.Equal(["192.168.1.7"], endpoint.Addresses);
    }

    [Fact]
    public void Reconcile_NamedTargetPort_GroupsPodsByTheNumberTheyResolveItTo()
    {
        var service = Service(targetPort: IntOrString.FromString("http"));
        Pod[] pods =
        [
            Pod("web-1", ports: NamedPort("http", 8080)),
            Pod("web-2", ports: NamedPort("http", 9090)),
            Pod("web-3", ports: NamedPort("http", 8080)),
            Pod("web-4", ports: NamedPort("metrics", 8080)),
        ];

        var slices = Converge(service, pods);

        Assert.Equal(2, slices.Count);
        var byPort = slices.ToDictionary(static s => Assert.Single(s.Ports!).Port!.Value, static s => PodNames([s]).ToList());
        Assert.Equal(["web-1", "web-3"], byPort[8080]);
        Assert.Equal(["web-2"], byPort[9090]);
        Assert.All(slices, s => Assert.Equal("http", s.Ports![0].Name));
    }

    [Fact]
    public void Reconcile_NoTargetPort_UsesTheServicePort()
    {
        var service = Service(ports: [new ServicePort { Port = 6379 }]);

        var port = Assert.Single(Assert.Single(Converge(service, [Pod("web-1")])).Ports!);

        Assert.Equal(("", "TCP", 6379), (port.Name, port.Protocol, port.Port));
    }

    [Fact]
    public void Reconcile_MoreThanAHundredPods_SpreadsThemOverSlicesOfAHundred()
    {
        var pods = Enumerable.Range(0, 250).Select(static i => Pod($"web-{i:D3}", podIP: $"10.0.{i / 200}.{i % 200}")).ToList();

        var slices = Converge(Service(), pods);

        Assert.Equal([100, 100, 50], slices.Select(static s => s.Endpoints!.Count).OrderDescending());
        Assert.Equal(3, slices.Select(static s => s.Metadata.Name).Distinct().Count());
        Assert.Equal(pods.Select(static p => p.Metadata.Name), PodNames(slices));
    }

    [Fact]
    public void Reconcile_FewerPodsThanSlicesHold_DeletesTheSlicesNoLongerNeeded()
    {
        var pods = Enumerable.Range(0, 150).Select(static i => Pod($"web-{i:D3}", podIP: $"10.0.0.{i}")).ToList();
        var slices = Converge(Service(), pods);

        var fewer = Converge(Service(), pods.Take(40).ToList(), slices);

        var slice = Assert.Single(fewer);
        Assert.Equal(40, slice.Endpoints!.Count);
        Assert.Contains(slice.Metadata.Name, slices.Select(static s => s.Metadata.Name));
    }

    [Fact]
    public void Reconcile_SameWorldTwice_NamesTheSlicesAlike()
    {
        Pod[] pods = [Pod("web-1"), Pod("web-2")];

        var first = EndpointSliceReconciler.Reconcile(Service(), pods, []);
        var second = EndpointSliceReconciler.Reconcile(Service(), pods, []);

        Assert.Equal(first.ToCreate.Select(static s => s.Metadata.Name), second.ToCreate.Select(static s => s.Metadata.Name));
    }

    [Fact]
    public void Reconcile_NameTakenByAnotherSlice_PicksAnother()
    {
        var created = Assert.Single(EndpointSliceReconciler.Reconcile(Service(), [Pod("web-1")], []).ToCreate);
        var foreign = new EndpointSlice { Metadata = new ObjectMeta { Name = created.Metadata.Name, Namespace = "shop" } };

        var actions = EndpointSliceReconciler.Reconcile(Service(), [Pod("web-1")], [foreign]);

        Assert.NotEqual(created.Metadata.Name, Assert.Single(actions.ToCreate).Metadata.Name);
        Assert.Empty(actions.ToDelete);
    }

    [Fact]
    public void Reconcile_PodTurnsUnready_UpdatesItsEndpointInPlace()
    {
        var slices = Converge(Service(), [Pod("web-1"), Pod("web-2")]);

        var actions = EndpointSliceReconciler.Reconcile(Service(), [Pod("web-1"), Pod("web-2", ready: false)], slices);

        var updated = Assert.Single(actions.ToUpdate);
        Assert.Empty(actions.ToCreate);
        Assert.Empty(actions.ToDelete);
        Assert.Equal(slices[0].Metadata.Name, updated.Metadata.Name);
        Assert.Equal([true, false], updated.Endpoints!.Select(static e => e.Conditions!.Ready!.Value));
    }

    [Fact]
    public void Reconcile_SelectorChanges_ListsThePodsTheNewSelectorMatches()
    {
        Pod[] pods = [Pod("web-1"), Pod("api-1", app: "api")];
        var slices = Converge(Service(), pods);

        var changed = Converge(Service(selector: new() { ["app"] = "api" }), pods, slices);

        Assert.Equal(["api-1"], PodNames(changed));
    }

    [Fact]
    public void Reconcile_SelectorRemoved_DeletesTheManagedSlices()
    {
        var slices = Converge(Service(), [Pod("web-1")]);
        var unselected = Service();
        unselected.Spec!.Selector = null;

        var actions = EndpointSliceReconciler.Reconcile(unselected, [Pod("web-1")], slices);

        Assert.Equal(slices.Select(static s => s.Metadata.Name), actions.ToDelete.Select(static s => s.Metadata.Name));
        Assert.Empty(actions.ToCreate);
    }

    [Fact]
    public void Reconcile_ServiceWithoutSelector_LeavesTheUsersOwnSlicesAlone()
    {
        var service = Service();
        service.Spec!.Selector = null;
        var own = new EndpointSlice
        {
            Metadata = new ObjectMeta { Name = "web-manual", Namespace = "shop", Labels = new() { ["kubernetes.io/service-name"] = "web" } },
        };

        Assert.True(EndpointSliceReconciler.Reconcile(service, [Pod("web-1")], [own]).IsEmpty);
    }

    [Fact]
    public void Reconcile_NoPodMatches_KeepsOneEmptySlice()
    {
        var slice = Assert.Single(Converge(Service(), [Pod("db-1", app: "db")]));

        Assert.Empty(slice.Endpoints!);
        Assert.Empty(slice.Ports!);
    }

    [Fact]
    public void Reconcile_SliceOfAnEarlierServiceOfTheSameName_IsReplaced()
    {
        var old = Converge(Service(uid: "old-uid"), [Pod("web-1")]);

        var actions = EndpointSliceReconciler.Reconcile(Service(uid: "new-uid"), [Pod("web-1")], old);

        Assert.Equal(old.Select(static s => s.Metadata.Name), actions.ToDelete.Select(static s => s.Metadata.Name));
        Assert.Equal("new-uid", Assert.Single(Assert.Single(actions.ToCreate).Metadata.OwnerReferences!).Uid);
    }

    [Fact]
    public void Reconcile_NodeHasAZone_ReportsItOnTheEndpoint()
    {
        var actions = EndpointSliceReconciler.Reconcile(Service(), [Pod("web-1")], [], new Dictionary<string, string> { ["node-a"] = "rack-1" });

        Assert.Equal("rack-1", Assert.Single(Assert.Single(actions.ToCreate).Endpoints!).Zone);
    }

    [Fact]
    public void Reconcile_ServiceBeingDeleted_WritesNothing()
    {
        var slices = Converge(Service(), [Pod("web-1")]);
        var deleting = Service();
        deleting.Metadata.DeletionTimestamp = ControllerFixtures.Now;

        Assert.True(EndpointSliceReconciler.Reconcile(deleting, [Pod("web-2")], slices).IsEmpty);
    }
}
