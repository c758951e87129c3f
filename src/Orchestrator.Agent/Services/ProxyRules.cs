using System.Globalization;
using System.Net;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Services;

/// <summary>Turns the service table into the proxy's listeners, as kube-proxy turns Services and EndpointSlices into rules.</summary>
internal static class ProxyRules
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    /// <summary>Kubernetes' default ClientIP affinity timeout: three hours.</summary>
    public static readonly TimeSpan DefaultAffinityTimeout = TimeSpan.FromSeconds(10800);

    /// <summary>
    /// A rule per TCP port of every Service with a cluster IP (on <c>clusterIP:port</c>), and per node port of NodePort
    /// Services (on <paramref name="nodeAddress"/>). Later duplicates of a listen address are dropped.
    /// </summary>
    public static IReadOnlyList<ProxyRule> Build(ServiceSnapshot snapshot, string? nodeAddress)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        IPAddress.TryParse(nodeAddress, out var node);
        var rules = new Dictionary<IPEndPoint, ProxyRule>();
        foreach (var service in snapshot.Services.OrderBy(service => service.Metadata.Namespace, StringComparer.Ordinal).ThenBy(service => service.Metadata.Name, StringComparer.Ordinal))
        {
            if (service.Spec is not { } spec || string.IsNullOrEmpty(service.Metadata.Name))
            {
                continue;
            }

            IPAddress.TryParse(spec.ClusterIP, out var clusterIP);
            var slices = snapshot.EndpointSlices
                .Where(slice => slice.Metadata.Namespace == service.Metadata.Namespace &&
                    slice.Metadata.Labels?.GetValueOrDefault(ServiceNameLabel) == service.Metadata.Name)
                .ToList();
            var affinity = spec.SessionAffinity == "ClientIP"
                ? TimeSpan.FromSeconds(spec.SessionAffinityConfig?.ClientIP?.TimeoutSeconds ?? (int)DefaultAffinityTimeout.TotalSeconds)
                : (TimeSpan?)null;
            foreach (var port in spec.Ports ?? [])
            {
                if (!string.IsNullOrEmpty(port.Protocol) && port.Protocol != "TCP")
                {
                    continue;
                }

                var endpoints = ReadyEndpoints(slices, port.Name);
                var label = service.Metadata.Namespace + "/" + service.Metadata.Name + ":" + (string.IsNullOrEmpty(port.Name) ? port.Port.ToString(CultureInfo.InvariantCulture) : port.Name);
                if (clusterIP is not null && port.Port is > 0 and <= 65535)
                {
                    rules.TryAdd(new IPEndPoint(clusterIP, port.Port), new ProxyRule(new IPEndPoint(clusterIP, port.Port), label, endpoints, affinity));
                }

                if (spec.Type == "NodePort" && node is not null && port.NodePort is > 0 and <= 65535 and var nodePort)
                {
                    rules.TryAdd(new IPEndPoint(node, nodePort), new ProxyRule(new IPEndPoint(node, nodePort), label, endpoints, affinity));
                }
            }
        }

        return [.. rules.Values];
    }

    /// <summary>
    /// The endpoints that take new connections for the Service port named <paramref name="portName"/>: ready (a
    /// missing condition counts as ready, as in kube-proxy) and not terminating, at the slice port of the same name.
    /// </summary>
    public static IReadOnlyList<IPEndPoint> ReadyEndpoints(IEnumerable<EndpointSlice> slices, string? portName)
    {
        var endpoints = new List<IPEndPoint>();
        foreach (var slice in slices)
        {
            var port = slice.Ports?.FirstOrDefault(candidate => (candidate.Name ?? "") == (portName ?? "") &&
                (string.IsNullOrEmpty(candidate.Protocol) || candidate.Protocol == "TCP"));
            if (port?.Port is not (> 0 and <= 65535) || port.Port is not { } number)
            {
                continue;
            }

            foreach (var endpoint in slice.Endpoints ?? [])
            {
                if (endpoint.Conditions?.Ready == false || endpoint.Conditions?.Terminating == true)
                {
                    continue;
                }

                foreach (var address in endpoint.Addresses ?? [])
                {
                    if (IPAddress.TryParse(address, out var ip))
                    {
                        var candidate = new IPEndPoint(ip, number);
                        if (!endpoints.Contains(candidate))
                        {
                            endpoints.Add(candidate);
                        }
                    }
                }
            }
        }

        return endpoints;
    }
}
