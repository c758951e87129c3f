using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Defaulting;

/// <summary>
/// The Kubernetes defaults of Services and EndpointSlices, and the values an update keeps from the stored Service
/// (Kubernetes' <c>patchAllocatedValues</c> and <c>dropTypeDependentFields</c>).
/// </summary>
public static class ServiceDefaults
{
    public const string ClusterIPType = "ClusterIP";
    public const string NodePortType = "NodePort";

    /// <summary>The <c>clusterIP</c> of a headless Service.</summary>
    public const string Headless = "None";

    /// <summary>Three hours, as Kubernetes.</summary>
    public const int DefaultClientIPTimeoutSeconds = 10800;

    public static void Apply(Service service)
    {
        if (service?.Spec is not { } spec)
        {
            return;
        }

        if (string.IsNullOrEmpty(spec.Type))
        {
            spec.Type = ClusterIPType;
        }

        if (string.IsNullOrEmpty(spec.SessionAffinity))
        {
            spec.SessionAffinity = "None";
        }

        if (spec.SessionAffinity == "ClientIP")
        {
            spec.SessionAffinityConfig ??= new SessionAffinityConfig();
            spec.SessionAffinityConfig.ClientIP ??= new ClientIPConfig();
            spec.SessionAffinityConfig.ClientIP.TimeoutSeconds ??= DefaultClientIPTimeoutSeconds;
        }

        foreach (var port in spec.Ports ?? [])
        {
            if (port is null)
            {
                continue;
            }

            if (string.IsNullOrEmpty(port.Protocol))
            {
                port.Protocol = "TCP";
            }

            if (port.TargetPort is null || port.TargetPort is { Number: 0 } || port.TargetPort is { Number: null, Text: "" })
            {
                port.TargetPort = IntOrString.FromInt(port.Port);
            }
        }

        if (!string.IsNullOrEmpty(spec.ClusterIP) && (spec.ClusterIPs is null || spec.ClusterIPs.Count == 0))
        {
            spec.ClusterIPs = [spec.ClusterIP];
        }
        else if (string.IsNullOrEmpty(spec.ClusterIP) && spec.ClusterIPs is [{ Length: > 0 } first, ..])
        {
            spec.ClusterIP = first;
        }

        if (spec.Type is not "ExternalName")
        {
            if (spec.IpFamilies is null || spec.IpFamilies.Count == 0)
            {
                spec.IpFamilies = ["IPv4"];
            }

            if (string.IsNullOrEmpty(spec.IpFamilyPolicy))
            {
                spec.IpFamilyPolicy = "SingleStack";
            }

            if (string.IsNullOrEmpty(spec.InternalTrafficPolicy))
            {
                spec.InternalTrafficPolicy = "Cluster";
            }
        }

        if (spec.Type is NodePortType or "LoadBalancer" && string.IsNullOrEmpty(spec.ExternalTrafficPolicy))
        {
            spec.ExternalTrafficPolicy = "Cluster";
        }
    }

    public static void Apply(EndpointSlice slice)
    {
        foreach (var port in slice?.Ports ?? [])
        {
            if (port is not null && string.IsNullOrEmpty(port.Protocol))
            {
                port.Protocol = "TCP";
            }
        }

        foreach (var endpoint in slice?.Endpoints ?? [])
        {
            if (endpoint is not null)
            {
                endpoint.Conditions ??= new EndpointConditions();
            }
        }
    }

    /// <summary>
    /// Before an update is defaulted and validated: a <c>clusterIP</c> and node ports the update leaves out are kept
    /// from the stored Service, and node ports are dropped when the type no longer has them and the update did not
    /// change them (as Kubernetes, so that <c>kubectl apply</c> of a manifest without them changes nothing).
    /// </summary>
    public static void KeepAllocated(Service old, Service updated)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(updated);
        if (old.Spec is not { } before || updated.Spec is not { } after)
        {
            return;
        }

        if (string.IsNullOrEmpty(after.ClusterIP) && (after.ClusterIPs is null || after.ClusterIPs.Count == 0) && !string.IsNullOrEmpty(before.ClusterIP) && IsClusterIPType(after.Type))
        {
            after.ClusterIP = before.ClusterIP;
            after.ClusterIPs = before.ClusterIPs is { Count: > 0 } ips ? [.. ips] : [before.ClusterIP];
        }

        var oldPorts = before.Ports ?? [];
        var newPorts = after.Ports ?? [];
        if (HasNodePorts(before.Type) && HasNodePorts(after.Type))
        {
            var used = newPorts.Where(p => p?.NodePort is > 0).Select(p => p!.NodePort!.Value).ToHashSet();
            foreach (var port in newPorts)
            {
                if (port is not null && port.NodePort is null or 0 &&
                    oldPorts.FirstOrDefault(o => o is not null && (o.Name ?? "") == (port.Name ?? "")) is { NodePort: > 0 } match &&
                    used.Add(match.NodePort!.Value))
                {
                    port.NodePort = match.NodePort;
                }
            }
        }
        else if (HasNodePorts(before.Type) && !HasNodePorts(after.Type))
        {
            foreach (var port in newPorts)
            {
                if (port?.NodePort is > 0 && oldPorts.Any(o => o?.NodePort == port.NodePort))
                {
                    port.NodePort = null;
                }
            }

            if (after.ExternalTrafficPolicy == before.ExternalTrafficPolicy)
            {
                after.ExternalTrafficPolicy = null;
            }
        }
    }

    /// <summary>Whether a Service of this type (null: the default, ClusterIP) gets a cluster IP.</summary>
    public static bool IsClusterIPType(string? type) => type is null or "" or ClusterIPType or NodePortType or "LoadBalancer";

    /// <summary>Whether a Service of this type gets node ports.</summary>
    public static bool HasNodePorts(string? type) => type is NodePortType or "LoadBalancer";
}
