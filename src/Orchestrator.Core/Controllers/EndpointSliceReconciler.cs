using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Orchestrator.Core.Labels;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;

namespace Orchestrator.Core.Controllers;

/// <summary>
/// Kubernetes' EndpointSlice controller as a pure function: from a Service, the pods of its namespace and the
/// EndpointSlices there, the slices to create, update and delete so that the Service's managed slices list every pod
/// its selector matches that is bound, has an address and has not finished, with Kubernetes' ready / serving /
/// terminating conditions and the ports resolved from each <c>targetPort</c>. Pods whose ports resolve alike share
/// slices of at most <see cref="MaxEndpointsPerSlice"/> endpoints; names are derived from the content, so two passes
/// over the same world agree, and a pass over an unchanged world writes nothing.
/// </summary>
public static class EndpointSliceReconciler
{
    /// <summary>Kubernetes' default <c>--max-endpoints-per-slice</c>.</summary>
    public const int MaxEndpointsPerSlice = 100;

    /// <summary>The label that ties a slice to its Service.</summary>
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    /// <summary>The label that says which controller manages a slice.</summary>
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";

    /// <summary>This controller's value of <see cref="ManagedByLabel"/>, Kubernetes' own.</summary>
    public const string ControllerName = "endpointslice-controller.k8s.io";

    /// <summary>The node label an endpoint's <c>zone</c> comes from.</summary>
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    private const string HeadlessLabel = "service.kubernetes.io/headless";
    private const string AddressTypeIPv4 = "IPv4";

    // Tries for a slice name that is not taken before giving up for this pass.
    private const int NameAttempts = 16;

    /// <summary>
    /// Reconciles the managed slices of <paramref name="service"/>. <paramref name="pods"/> and
    /// <paramref name="slices"/> are those of the Service's namespace (others are ignored; every slice name counts as
    /// taken); <paramref name="zones"/> maps a node name to its <see cref="ZoneLabel"/>.
    /// </summary>
    public static EndpointSliceActions Reconcile(
        Service service,
        IReadOnlyList<Pod> pods,
        IReadOnlyList<EndpointSlice> slices,
        IReadOnlyDictionary<string, string>? zones = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(slices);

        if (service.Metadata.DeletionTimestamp is not null)
        {
            // The garbage collector removes the slices with their Service.
            return EndpointSliceActions.None;
        }

        var ns = service.Metadata.Namespace ?? "";
        var managed = new List<EndpointSlice>();
        var toDelete = new List<EndpointSlice>();
        foreach (var slice in slices)
        {
            if (slice is null || (slice.Metadata.Namespace ?? "") != ns || !IsManagedFor(slice, service.Metadata.Name))
            {
                continue;
            }

            // A slice left by an earlier Service of the same name is not this one's.
            (IsOwnedBy(slice, service) ? managed : toDelete).Add(slice);
        }

        var selector = service.Spec?.Selector;
        if (selector is not { Count: > 0 } || service.Spec?.Type == "ExternalName")
        {
            // Without a selector the endpoints are the user's to write (Kubernetes' "services without selectors").
            toDelete.AddRange(managed);
            return new EndpointSliceActions([], [], toDelete);
        }

        var groups = GroupEndpoints(service, pods, Selector.FromLabels(selector), zones);
        var labels = DesiredLabels(service);
        var owner = OwnerReference.ControlledBy("v1", "Service", service.Metadata);
        var existingByKey = managed
            .GroupBy(static s => PortKey(s.Ports), StringComparer.Ordinal)
            .ToDictionary(static g => g.Key, static g => g.OrderBy(static s => s.Metadata.Name, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        var taken = new HashSet<string>(slices.Where(static s => s?.Metadata.Name is not null).Select(static s => s.Metadata.Name!), StringComparer.Ordinal);

        var toCreate = new List<EndpointSlice>();
        var toUpdate = new List<EndpointSlice>();
        foreach (var (key, group) in groups)
        {
            var existing = existingByKey.Remove(key, out var found) ? found : [];
            var chunkCount = Math.Max(1, (group.Endpoints.Count + MaxEndpointsPerSlice - 1) / MaxEndpointsPerSlice);
            for (var i = 0; i < chunkCount; i++)
            {
                var chunk = group.Endpoints.Skip(i * MaxEndpointsPerSlice).Take(MaxEndpointsPerSlice).ToList();
                if (i < existing.Count)
                {
                    if (Updated(existing[i], labels, owner, chunk, group.Ports) is { } updated)
                    {
                        toUpdate.Add(updated);
                    }
                }
                else if (NewName(service, key, i, taken) is { } name)
                {
                    toCreate.Add(new EndpointSlice
                    {
                        ApiVersion = "discovery.k8s.io/v1",
                        Kind = "EndpointSlice",
                        Metadata = new ObjectMeta
                        {
                            Name = name,
                            Namespace = ns,
                            Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal),
                            OwnerReferences = [owner],
                        },
                        AddressType = AddressTypeIPv4,
                        Endpoints = chunk,
                        Ports = [.. group.Ports],
                    });
                }
            }

            toDelete.AddRange(existing.Skip(chunkCount));
        }

        // Slices of port mappings no pod has any more.
        toDelete.AddRange(existingByKey.Values.SelectMany(static s => s));
        return new EndpointSliceActions(toCreate, toUpdate, toDelete);
    }

    /// <summary>True for a slice this controller manages for the Service named <paramref name="serviceName"/>.</summary>
    public static bool IsManagedFor(EndpointSlice slice, string? serviceName)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var labels = slice.Metadata.Labels;
        return labels is not null &&
            labels.TryGetValue(ManagedByLabel, out var managedBy) && managedBy == ControllerName &&
            labels.TryGetValue(ServiceNameLabel, out var name) && name == serviceName;
    }

    private static bool IsOwnedBy(EndpointSlice slice, Service service)
    {
        foreach (var owner in slice.Metadata.OwnerReferences ?? [])
        {
            if (owner?.Controller == true && owner.Kind == "Service")
            {
                return owner.Uid == service.Metadata.Uid;
            }
        }

        return false;
    }

    /// <summary>The endpoints of the matching pods, grouped by their resolved ports, ordered by key and pod name.</summary>
    private static SortedDictionary<string, EndpointGroup> GroupEndpoints(Service service, IReadOnlyList<Pod> pods, Selector selector, IReadOnlyDictionary<string, string>? zones)
    {
        var ns = service.Metadata.Namespace ?? "";
        var servicePorts = service.Spec?.Ports ?? [];
        var publishNotReady = service.Spec?.PublishNotReadyAddresses == true;
        var groups = new SortedDictionary<string, EndpointGroup>(StringComparer.Ordinal);
        foreach (var pod in pods.Where(static p => p is not null).OrderBy(static p => p.Metadata.Name, StringComparer.Ordinal))
        {
            if ((pod.Metadata.Namespace ?? "") != ns || !selector.Matches(pod.Metadata.Labels) ||
                pod.Spec?.NodeName is not { Length: > 0 } nodeName || PodState.IsFinished(pod) || AddressOf(pod) is not { } address)
            {
                continue;
            }

            var ports = ResolvePorts(servicePorts, pod);
            if (servicePorts.Count > 0 && ports.Count == 0)
            {
                // None of the Service's ports exists on this pod: nothing could reach it through the Service.
                continue;
            }

            var serving = PodState.IsReady(pod);
            var terminating = pod.Metadata.DeletionTimestamp is not null;
            var endpoint = new Endpoint
            {
                Addresses = [address],
                Conditions = new EndpointConditions
                {
                    // As Kubernetes: never ready while terminating, unless the Service publishes not-ready addresses.
                    Ready = publishNotReady || (serving && !terminating),
                    Serving = serving,
                    Terminating = terminating,
                },
                NodeName = nodeName,
                Zone = zones is not null && zones.TryGetValue(nodeName, out var zone) ? zone : null,
                TargetRef = new ObjectReference { Kind = "Pod", Namespace = ns, Name = pod.Metadata.Name, Uid = pod.Metadata.Uid },
            };

            var key = PortKey(ports);
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = new EndpointGroup(ports, []);
            }

            group.Endpoints.Add(endpoint);
        }

        if (groups.Count == 0)
        {
            // As Kubernetes: a Service that selects nothing keeps one slice with no endpoints, so watchers see it as empty.
            groups[""] = new EndpointGroup([], []);
        }

        return groups;
    }

    /// <summary>The pod's IPv4 address (the slice's address type): <c>podIP</c>, else <c>hostIP</c>.</summary>
    private static string? AddressOf(Pod pod)
    {
        foreach (var candidate in new[] { pod.Status?.PodIP, pod.Status?.HostIP })
        {
            if (candidate is { Length: > 0 } && IPAddress.TryParse(candidate, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Kubernetes' <c>getEndpointPorts</c>: per Service port, the port the pod serves it on, when it has one.</summary>
    private static List<EndpointPort> ResolvePorts(List<ServicePort> servicePorts, Pod pod)
    {
        var ports = new List<EndpointPort>(servicePorts.Count);
        foreach (var servicePort in servicePorts)
        {
            if (servicePort is null)
            {
                continue;
            }

            var protocol = servicePort.Protocol ?? "TCP";
            if (FindPort(pod, servicePort, protocol) is { } number)
            {
                ports.Add(new EndpointPort { Name = servicePort.Name ?? "", Protocol = protocol, Port = number, AppProtocol = servicePort.AppProtocol });
            }
        }

        return ports;
    }

    /// <summary>Kubernetes' <c>podutil.FindPort</c>: a number as is, a name looked up in the pod's container ports.</summary>
    private static int? FindPort(Pod pod, ServicePort servicePort, string protocol)
    {
        var target = servicePort.TargetPort;
        if (target is null)
        {
            return servicePort.Port;
        }

        if (target.Number is { } number)
        {
            return number;
        }

        foreach (var container in pod.Spec?.Containers ?? [])
        {
            foreach (var port in container?.Ports ?? [])
            {
                if (port is not null && port.Name == target.Text && (port.Protocol ?? "TCP") == protocol)
                {
                    return port.ContainerPortNumber;
                }
            }
        }

        return null;
    }

    private static string PortKey(IEnumerable<EndpointPort>? ports) =>
        string.Join('\u0002', (ports ?? []).Where(static p => p is not null).Select(static p =>
            string.Join('\u0001', p.Name ?? "", p.Protocol ?? "TCP", p.Port?.ToString(CultureInfo.InvariantCulture) ?? "", p.AppProtocol ?? "")));

    /// <summary>Kubernetes' <c>setEndpointSliceLabels</c>: the Service's labels, then the reserved ones.</summary>
    private static Dictionary<string, string> DesiredLabels(Service service)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in service.Metadata.Labels ?? [])
        {
            if (key is not (ServiceNameLabel or ManagedByLabel or HeadlessLabel))
            {
                labels[key] = value;
            }
        }

        labels[ServiceNameLabel] = service.Metadata.Name ?? "";
        labels[ManagedByLabel] = ControllerName;
        if (service.Spec?.ClusterIP == "None")
        {
            labels[HeadlessLabel] = "";
        }

        return labels;
    }

    /// <summary>The existing slice with the desired content, or null when it already has it.</summary>
    private static EndpointSlice? Updated(EndpointSlice existing, Dictionary<string, string> labels, OwnerReference owner, List<Endpoint> endpoints, List<EndpointPort> ports)
    {
        var desired = new EndpointSlice { AddressType = AddressTypeIPv4, Endpoints = endpoints, Ports = ports };
        var current = new EndpointSlice { AddressType = existing.AddressType, Endpoints = existing.Endpoints ?? [], Ports = existing.Ports ?? [] };
        var sameLabels = existing.Metadata.Labels is { } have && have.Count == labels.Count &&
            labels.All(l => have.TryGetValue(l.Key, out var v) && v == l.Value);
        var sameOwner = existing.Metadata.OwnerReferences is [var only] && Json(only) == Json(owner);
        if (sameLabels && sameOwner && Json(current) == Json(desired))
        {
            return null;
        }

        var updated = JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(existing, KubeJsonContext.Default.EndpointSlice), KubeJsonContext.Default.EndpointSlice)!;
        updated.Metadata.Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal);
        updated.Metadata.OwnerReferences = [owner];
        updated.AddressType = AddressTypeIPv4;
        updated.Endpoints = endpoints;
        updated.Ports = [.. ports];
        return updated;
    }

    private static string Json(EndpointSlice slice) => JsonSerializer.Serialize(slice, KubeJsonContext.Default.EndpointSlice);

    private static string Json(OwnerReference owner) =>
        Json(new EndpointSlice { Metadata = new ObjectMeta { OwnerReferences = [owner] } });

    /// <summary>
    /// <c>&lt;service&gt;-&lt;suffix&gt;</c>, the suffix derived from the Service, the port mapping and the slice's
    /// index, so that every pass names a new slice alike; the next candidate when a name is taken.
    /// </summary>
    private static string? NewName(Service service, string key, int index, HashSet<string> taken)
    {
        var prefix = GeneratedNames.Prefix(service.Metadata.Name + "-");
        for (var attempt = 0; attempt < NameAttempts; attempt++)
        {
            var candidate = prefix + Suffix($"{service.Metadata.Uid}\u0003{key}\u0003{index}\u0003{attempt}");
            if (taken.Add(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string Suffix(string seed)
    {
        // FNV-1a, 64 bits: stable across processes, unlike string.GetHashCode.
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(seed))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return string.Create(GeneratedNames.SuffixLength, hash, static (span, h) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = GeneratedNames.Alphanumerics[(int)(h % (ulong)GeneratedNames.Alphanumerics.Length)];
                h /= (ulong)GeneratedNames.Alphanumerics.Length;
            }
        });
    }

    private sealed record EndpointGroup(List<EndpointPort> Ports, List<Endpoint> Endpoints);
}
