using Orchestrator.Core.Controllers;
using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Tests.Controllers;

/// <summary>Services, pods and a tiny in-memory store of slices for the EndpointSlice controller tests.</summary>
internal static class EndpointSliceFixtures
{
    public static Service Service(
        Dictionary<string, string>? selector = null,
        IntOrString? targetPort = null,
        bool publishNotReady = false,
        string uid = "svc-uid",
        List<ServicePort>? ports = null) => new()
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new ObjectMeta { Name = "web", Namespace = "shop", Uid = uid, Labels = new() { ["team"] = "blue" } },
            Spec = new ServiceSpec
            {
                Selector = selector ?? new() { ["app"] = "web" },
                Ports = ports ?? [new ServicePort { Name = "http", Protocol = "TCP", Port = 80, TargetPort = targetPort ?? IntOrString.FromInt(8080) }],
                PublishNotReadyAddresses = publishNotReady,
            },
        };

    /// <summary>A pod of app <paramref name="app"/>, bound to <paramref name="node"/>, running with an address and ready unless told.</summary>
    public static Pod Pod(
        string name,
        string app = "web",
        string? node = "node-a",
        string? podIP = "10.0.0.1",
        string phase = "Running",
        bool ready = true,
        bool deleting = false,
        List<ContainerPort>? ports = null,
        string ns = "shop") => new()
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new ObjectMeta
            {
                Name = name,
                Namespace = ns,
                Uid = name + "-uid",
                Labels = new() { ["app"] = app },
                DeletionTimestamp = deleting ? ControllerFixtures.Now : null,
            },
            Spec = new PodSpec { NodeName = node, Containers = [new Container { Name = "main", Image = "web:1", Ports = ports }] },
            Status = new PodStatus
            {
                Phase = phase,
                PodIP = podIP,
                HostIP = podIP,
                Conditions = [new PodCondition { Type = "Ready", Status = ready ? "True" : "False" }],
            },
        };

    public static List<ContainerPort> NamedPort(string name, int number) => [new ContainerPort { Name = name, ContainerPortNumber = number, Protocol = "TCP" }];

    /// <summary>Applies the actions to <paramref name="slices"/> as the store would, so the next pass sees them.</summary>
    public static List<EndpointSlice> Apply(List<EndpointSlice> slices, EndpointSliceActions actions)
    {
        var byName = slices.ToDictionary(static s => s.Metadata.Name!, StringComparer.Ordinal);
        foreach (var deleted in actions.ToDelete)
        {
            Assert.True(byName.Remove(deleted.Metadata.Name!), $"deleted {deleted.Metadata.Name}, which does not exist");
        }

        foreach (var updated in actions.ToUpdate)
        {
            Assert.True(byName.ContainsKey(updated.Metadata.Name!), $"updated {updated.Metadata.Name}, which does not exist");
            byName[updated.Metadata.Name!] = updated;
        }

        foreach (var created in actions.ToCreate)
        {
            Assert.True(byName.TryAdd(created.Metadata.Name!, created), $"created {created.Metadata.Name} twice");
        }

        return [.. byName.Values.OrderBy(static s => s.Metadata.Name, StringComparer.Ordinal)];
    }

    /// <summary>Reconciles until nothing changes (at most twice: the second pass must be a no-op) and returns the slices.</summary>
    public static List<EndpointSlice> Converge(Service service, IReadOnlyList<Pod> pods, List<EndpointSlice>? slices = null)
    {
        var current = Apply(slices ?? [], EndpointSliceReconciler.Reconcile(service, pods, slices ?? []));
        Assert.True(EndpointSliceReconciler.Reconcile(service, pods, current).IsEmpty, "a second pass over the same world writes nothing");
        return current;
    }

    public static IEnumerable<Endpoint> Endpoints(IEnumerable<EndpointSlice> slices) => slices.SelectMany(static s => s.Endpoints ?? []);

    public static IEnumerable<string?> PodNames(IEnumerable<EndpointSlice> slices) =>
        Endpoints(slices).Select(static e => e.TargetRef?.Name).Order(StringComparer.Ordinal);
}
