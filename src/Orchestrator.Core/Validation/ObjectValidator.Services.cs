using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Orchestrator.Core.Defaulting;
using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Validation;

public static partial class ObjectValidator
{
    private const string Dns1035LabelPattern = "[a-z]([-a-z0-9]*[a-z0-9])?";

    private const string Dns1035LabelMessage =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '" + Dns1035LabelPattern + "')";

    private const string PortRangeMessage = "must be between 1 and 65535, inclusive";
    private const int MaxClientIPTimeoutSeconds = 86400;

    private static readonly string[] ServiceTypes = [ServiceDefaults.ClusterIPType, ServiceDefaults.NodePortType];
    private static readonly string[] Protocols = ["TCP", "UDP", "SCTP"];

    /// <summary>
    /// A Service as Kubernetes validates it, narrowed to what this system serves: <c>ClusterIP</c> and
    /// <c>NodePort</c> types (the node port range is checked where ports are allocated). Fields kept but not acted on
    /// (external IPs, load balancer fields, the <c>Local</c> traffic policies, UDP and SCTP ports) are accepted with a
    /// warning.
    /// </summary>
    public static ValidationResult ValidateService(Service service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var findings = new ValidationFindings();
        ValidateObjectMeta(service.Metadata, "metadata", Dns1035LabelErrors, namespaced: true, findings);
        if (service.Spec is not { } spec)
        {
            findings.Add(FieldError.Required("spec"));
            return findings.ToResult();
        }

        findings.OneOf("spec.type", spec.Type, ServiceTypes);
        var headless = spec.ClusterIP == ServiceDefaults.Headless;
        ValidateClusterIP(spec, headless, findings);
        ValidateServicePorts(spec, headless, findings);
        LabelValidation.ValidateLabels(spec.Selector, "spec.selector", findings.Errors);

        findings.OneOf("spec.sessionAffinity", spec.SessionAffinity, "None", "ClientIP");
        if (spec.SessionAffinity == "ClientIP")
        {
            if (spec.SessionAffinityConfig?.ClientIP?.TimeoutSeconds is { } timeout && timeout is <= 0 or > MaxClientIPTimeoutSeconds)
            {
                findings.Add(FieldError.Invalid("spec.sessionAffinityConfig.clientIP.timeoutSeconds", timeout, $"must be greater than 0 and less than {MaxClientIPTimeoutSeconds}"));
            }
        }
        else if (spec.SessionAffinity == "None" && spec.SessionAffinityConfig is not null)
        {
            findings.Add(FieldError.Forbidden("spec.sessionAffinityConfig", "must not be set when `sessionAffinity` is None"));
        }

        for (var i = 0; i < (spec.IpFamilies?.Count ?? 0); i++)
        {
            findings.OneOf($"spec.ipFamilies[{i}]", spec.IpFamilies![i], "IPv4");
        }

        findings.OneOf("spec.ipFamilyPolicy", spec.IpFamilyPolicy, "SingleStack", "PreferDualStack", "RequireDualStack");
        if (spec.IpFamilyPolicy == "RequireDualStack")
        {
            findings.Add(FieldError.Invalid("spec.ipFamilyPolicy", spec.IpFamilyPolicy, "this cluster is not configured for dual-stack services"));
        }

        findings.OneOf("spec.internalTrafficPolicy", spec.InternalTrafficPolicy, "Cluster", "Local");
        KeptNotActedOn("spec.internalTrafficPolicy", spec.InternalTrafficPolicy == "Local", findings);
        if (spec.ExternalTrafficPolicy is { Length: > 0 } external && !ServiceDefaults.HasNodePorts(spec.Type))
        {
            findings.Add(FieldError.Invalid("spec.externalTrafficPolicy", external, "may only be set when `type` is 'NodePort' or 'LoadBalancer'"));
        }
        else
        {
            findings.OneOf("spec.externalTrafficPolicy", spec.ExternalTrafficPolicy, "Cluster", "Local");
            KeptNotActedOn("spec.externalTrafficPolicy", spec.ExternalTrafficPolicy == "Local", findings);
        }

        KeptNotActedOn("spec.externalIPs", spec.ExternalIPs is { Count: > 0 }, findings);
        KeptNotActedOn("spec.externalName", !string.IsNullOrEmpty(spec.ExternalName), findings);
        KeptNotActedOn("spec.loadBalancerIP", !string.IsNullOrEmpty(spec.LoadBalancerIP), findings);
        KeptNotActedOn("spec.loadBalancerSourceRanges", spec.LoadBalancerSourceRanges is { Count: > 0 }, findings);
        KeptNotActedOn("spec.loadBalancerClass", !string.IsNullOrEmpty(spec.LoadBalancerClass), findings);
        KeptNotActedOn("spec.allocateLoadBalancerNodePorts", spec.AllocateLoadBalancerNodePorts is not null, findings);
        KeptNotActedOn("spec.healthCheckNodePort", spec.HealthCheckNodePort is > 0, findings);
        KeptNotActedOn("spec.trafficDistribution", !string.IsNullOrEmpty(spec.TrafficDistribution), findings);
        return findings.ToResult();
    }

    /// <summary>What an update may not change: the cluster IP once set.</summary>
    public static ValidationResult ValidateServiceUpdate(Service old, Service updated)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(updated);
        var findings = new ValidationFindings();
        if (old.Spec?.ClusterIP is { Length: > 0 } before && updated.Spec?.ClusterIP != before)
        {
            findings.Add(FieldError.Invalid("spec.clusterIP", updated.Spec?.ClusterIP ?? "", "field is immutable"));
        }

        return findings.ToResult();
    }

    /// <summary>An EndpointSlice as Kubernetes validates it: an address type, endpoints with addresses, ports.</summary>
    public static ValidationResult ValidateEndpointSlice(EndpointSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var findings = new ValidationFindings();
        ValidateObjectMeta(slice.Metadata, "metadata", NameRules.Dns1123SubdomainErrors, namespaced: true, findings);
        if (string.IsNullOrEmpty(slice.AddressType))
        {
            findings.Add(FieldError.Required("addressType"));
        }
        else
        {
            findings.OneOf("addressType", slice.AddressType, "IPv4", "IPv6", "FQDN");
        }

        for (var i = 0; i < (slice.Endpoints?.Count ?? 0); i++)
        {
            var path = $"endpoints[{i}]";
            var endpoint = slice.Endpoints![i];
            if (endpoint?.Addresses is not { Count: > 0 } addresses)
            {
                findings.Add(FieldError.Required(path + ".addresses", "must contain at least 1 address"));
                continue;
            }

            for (var j = 0; j < addresses.Count; j++)
            {
                var family = slice.AddressType switch
                {
                    "IPv4" => AddressFamily.InterNetwork,
                    "IPv6" => AddressFamily.InterNetworkV6,
                    _ => AddressFamily.Unspecified,
                };
                if (family != AddressFamily.Unspecified && (!IPAddress.TryParse(addresses[j], out var ip) || ip.AddressFamily != family))
                {
                    findings.Add(FieldError.Invalid($"{path}.addresses[{j}]", addresses[j], $"must be a valid {slice.AddressType} address"));
                }
            }

            if (!string.IsNullOrEmpty(endpoint.NodeName))
            {
                findings.Name(path + ".nodeName", endpoint.NodeName, NameRules.Dns1123SubdomainErrors);
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (slice.Ports?.Count ?? 0); i++)
        {
            var path = $"ports[{i}]";
            if (slice.Ports![i] is not { } port)
            {
                findings.Add(FieldError.Required(path));
                continue;
            }

            if (!string.IsNullOrEmpty(port.Name))
            {
                findings.Name(path + ".name", port.Name, NameRules.Dns1123LabelErrors);
            }

            if (!names.Add(port.Name ?? ""))
            {
                findings.Add(FieldError.Duplicate(path + ".name", port.Name ?? ""));
            }

            if (port.Port is { } number && number is < 1 or > 65535)
            {
                findings.Add(FieldError.Invalid(path + ".port", number, PortRangeMessage));
            }

            findings.OneOf(path + ".protocol", port.Protocol, Protocols);
        }

        return findings.ToResult();
    }

    public static ValidationResult ValidateEndpointSliceUpdate(EndpointSlice old, EndpointSlice updated)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(updated);
        var findings = new ValidationFindings();
        if (old.AddressType != updated.AddressType)
        {
            findings.Add(FieldError.Invalid("addressType", updated.AddressType, "field is immutable"));
        }

        return findings.ToResult();
    }

    /// <summary>Kubernetes' rule for Service names (they become DNS labels and environment variable prefixes).</summary>
    public static IReadOnlyList<string> Dns1035LabelErrors(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        List<string> errors = [];
        if (value.Length > NameRules.Dns1123LabelMaxLength)
        {
            errors.Add(NameRules.MaxLengthMessage(NameRules.Dns1123LabelMaxLength));
        }

        if (!Dns1035LabelRegex().IsMatch(value))
        {
            errors.Add(Dns1035LabelMessage);
        }

        return errors;
    }

    private static void ValidateClusterIP(ServiceSpec spec, bool headless, ValidationFindings findings)
    {
        if (headless)
        {
            if (spec.Type is not (null or ServiceDefaults.ClusterIPType))
            {
                findings.Add(FieldError.Invalid("spec.clusterIPs[0]", spec.ClusterIP, "may not be set to 'None' for NodePort services"));
            }

            return;
        }

        if (!string.IsNullOrEmpty(spec.ClusterIP) && (!IPAddress.TryParse(spec.ClusterIP, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork || ip.ToString() != spec.ClusterIP))
        {
            findings.Add(FieldError.Invalid("spec.clusterIPs[0]", spec.ClusterIP, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
        }

        if (spec.ClusterIPs is { Count: > 0 } ips)
        {
            if (ips.Count > 1)
            {
                findings.Add(FieldError.Invalid("spec.clusterIPs", string.Join(",", ips), "may not have more than one IP for a single-stack service"));
            }
            else if (ips[0] != spec.ClusterIP)
            {
                findings.Add(FieldError.Invalid("spec.clusterIPs[0]", ips[0], "must match `clusterIP`"));
            }
        }
    }

    private static void ValidateServicePorts(ServiceSpec spec, bool headless, ValidationFindings findings)
    {
        var ports = spec.Ports ?? [];
        if (ports.Count == 0 && !headless)
        {
            findings.Add(FieldError.Required("spec.ports"));
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var portKeys = new HashSet<string>(StringComparer.Ordinal);
        var nodePortKeys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            var path = $"spec.ports[{i}]";
            if (ports[i] is not { } port)
            {
                findings.Add(FieldError.Required(path));
                continue;
            }

            if (string.IsNullOrEmpty(port.Name))
            {
                if (ports.Count > 1)
                {
                    findings.Add(FieldError.Required(path + ".name"));
                }
            }
            else
            {
                findings.Name(path + ".name", port.Name, NameRules.Dns1123LabelErrors);
                if (!names.Add(port.Name))
                {
                    findings.Add(FieldError.Duplicate(path + ".name", port.Name));
                }
            }

            if (port.Port is < 1 or > 65535)
            {
                findings.Add(FieldError.Invalid(path + ".port", port.Port, PortRangeMessage));
            }

            findings.OneOf(path + ".protocol", port.Protocol, Protocols);
            if (port.Protocol is "UDP" or "SCTP")
            {
                findings.Warnings.Add($"{path}.protocol: {port.Protocol} is accepted but not proxied: the agent's proxy carries TCP only");
            }

            if (!portKeys.Add($"{port.Port}/{port.Protocol}"))
            {
                findings.Add(FieldError.Duplicate(path, $"{port.Port}/{port.Protocol}"));
            }

            ValidateTargetPort(port.TargetPort, path + ".targetPort", findings);
            if (port.NodePort is { } nodePort and not 0)
            {
                if (!ServiceDefaults.HasNodePorts(spec.Type))
                {
                    findings.Add(FieldError.Forbidden(path + ".nodePort", $"may not be used when `type` is '{spec.Type}'"));
                }
                else if (nodePort is < 1 or > 65535)
                {
                    findings.Add(FieldError.Invalid(path + ".nodePort", nodePort, PortRangeMessage));
                }
                else if (!nodePortKeys.Add($"{nodePort}/{port.Protocol}"))
                {
                    findings.Add(FieldError.Duplicate(path + ".nodePort", $"{nodePort}/{port.Protocol}"));
                }
            }
        }
    }

    private static void ValidateTargetPort(IntOrString? target, string path, ValidationFindings findings)
    {
        if (target is null)
        {
            return;
        }

        if (target.Number is { } number)
        {
            if (number is < 1 or > 65535)
            {
                findings.Add(FieldError.Invalid(path, number, PortRangeMessage));
            }
        }
        else
        {
            findings.Name(path, target.Text ?? "", NameRules.IanaSvcNameErrors);
        }
    }

    private static void KeptNotActedOn(string path, bool present, ValidationFindings findings)
    {
        if (present)
        {
            findings.Warnings.Add(path + ": not implemented by Orchestrator; the field is kept but has no effect");
        }
    }

    [GeneratedRegex("^" + Dns1035LabelPattern + "$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1035LabelRegex();
}
