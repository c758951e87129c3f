using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Orchestrator.Core.Defaulting;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Validation;

namespace Orchestrator.ControlPlane.Services;

/// <summary>
/// Picks the cluster IP and node ports of Services and says which claims a write adds and releases. It reads
/// nothing: it probes random free-looking values, as Kubernetes' allocators do, and the claim rows committed with the
/// Service decide (a value another Service holds fails the transaction, and <see cref="Repick"/> tries another).
/// </summary>
public sealed class ServiceAllocator
{
    /// <summary>How many random values are tried for one field before the range is reported full.</summary>
    public const int MaxAttempts = 16;

    public ServiceAllocator(IOptions<ServiceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        ClusterIPs = ClusterIPRange.TryParse(value.ClusterIPRange, out var ips, out var ipError)
            ? ips
            : throw new OptionsValidationException(nameof(ServiceOptions), typeof(ServiceOptions), [$"ClusterIPRange {ipError}"]);
        NodePorts = NodePortRange.TryParse(value.NodePortRange, out var ports, out var portError)
            ? ports
            : throw new OptionsValidationException(nameof(ServiceOptions), typeof(ServiceOptions), [$"NodePortRange {portError}"]);
    }

    public ClusterIPRange ClusterIPs { get; }

    public NodePortRange NodePorts { get; }

    /// <summary>Every value <paramref name="service"/> holds (none for null, headless or a type that has none).</summary>
    public static IReadOnlyList<ServiceClaim> Held(Service? service)
    {
        if (service?.Spec is not { } spec)
        {
            return [];
        }

        var held = new List<ServiceClaim>();
        if (ServiceDefaults.IsClusterIPType(spec.Type) && spec.ClusterIP is { Length: > 0 } ip && ip != ServiceDefaults.Headless)
        {
            held.Add(new ServiceClaim(ServiceClaim.ClusterIPs, ip, "spec.clusterIPs[0]", Chosen: true));
        }

        if (ServiceDefaults.HasNodePorts(spec.Type))
        {
            var ports = spec.Ports ?? [];
            for (var i = 0; i < ports.Count; i++)
            {
                if (ports[i]?.NodePort is > 0 and var nodePort && !held.Exists(c => c.IsNodePort && c.Value == Text(nodePort)))
                {
                    held.Add(new ServiceClaim(ServiceClaim.NodePorts, Text(nodePort), $"spec.ports[{i}].nodePort", Chosen: true));
                }
            }
        }

        return held;
    }

    /// <summary>What <paramref name="old"/> held that <paramref name="updated"/> (null: deleted) no longer holds.</summary>
    public static IReadOnlyList<ServiceClaim> Released(Service? old, Service? updated)
    {
        var kept = Held(updated).Select(c => (c.Resource, c.Value)).ToHashSet();
        return [.. Held(old).Where(c => !kept.Contains((c.Resource, c.Value)))];
    }

    /// <summary>
    /// Fills the cluster IP and node ports <paramref name="updated"/> lacks and returns the claims it needs that
    /// <paramref name="old"/> (null on create) does not hold; a value the user chose outside the configured range is
    /// added to <paramref name="errors"/>.
    /// </summary>
    public IReadOnlyList<ServiceClaim> Allocate(Service? old, Service updated, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(errors);
        if (updated.Spec is not { } spec)
        {
            return [];
        }

        var held = Held(old).Select(c => (c.Resource, c.Value)).ToHashSet();
        var claims = new List<ServiceClaim>();
        if (ServiceDefaults.IsClusterIPType(spec.Type) && spec.ClusterIP != ServiceDefaults.Headless)
        {
            if (string.IsNullOrEmpty(spec.ClusterIP))
            {
                var ip = PickClusterIP(held);
                spec.ClusterIP = ip;
                spec.ClusterIPs = [ip];
                claims.Add(new ServiceClaim(ServiceClaim.ClusterIPs, ip, "spec.clusterIPs[0]", Chosen: false));
            }
            else if (!held.Contains((ServiceClaim.ClusterIPs, spec.ClusterIP)))
            {
                if (ClusterIPs.Contains(spec.ClusterIP))
                {
                    claims.Add(new ServiceClaim(ServiceClaim.ClusterIPs, spec.ClusterIP, "spec.clusterIPs[0]", Chosen: true));
                }
                else
                {
                    errors.Add(FieldError.Invalid("spec.clusterIPs[0]", spec.ClusterIP, $"failed to allocate IP {spec.ClusterIP}: provided IP is not in the valid range. The range of valid IPs is {ClusterIPs}"));
                }
            }
        }

        if (ServiceDefaults.HasNodePorts(spec.Type))
        {
            var ports = spec.Ports ?? [];
            var inService = ports.Where(p => p?.NodePort is > 0).Select(p => p!.NodePort!.Value).ToHashSet();
            for (var i = 0; i < ports.Count; i++)
            {
                if (ports[i] is not { } port)
                {
                    continue;
                }

                var field = $"spec.ports[{i}].nodePort";
                if (port.NodePort is null or 0)
                {
                    var picked = PickNodePort(held, inService);
                    port.NodePort = picked;
                    inService.Add(picked);
                    claims.Add(new ServiceClaim(ServiceClaim.NodePorts, Text(picked), field, Chosen: false));
                }
                else if (!held.Contains((ServiceClaim.NodePorts, Text(port.NodePort.Value))) && !claims.Exists(c => c.IsNodePort && c.Value == Text(port.NodePort.Value)))
                {
                    if (NodePorts.Contains(port.NodePort.Value))
                    {
                        claims.Add(new ServiceClaim(ServiceClaim.NodePorts, Text(port.NodePort.Value), field, Chosen: true));
                    }
                    else
                    {
                        errors.Add(FieldError.Invalid(field, port.NodePort.Value, $"provided port is not in the valid range. The range of valid ports is {NodePorts}"));
                    }
                }
            }
        }

        return claims;
    }

    /// <summary>
    /// Replaces a value the allocator picked that another Service turned out to hold with another random one, and
    /// returns its claim.
    /// </summary>
    public ServiceClaim Repick(Service? old, Service service, ServiceClaim taken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(taken);
        var spec = service.Spec ?? throw new InvalidOperationException("A Service without a spec holds no claims.");
        var held = Held(old).Select(c => (c.Resource, c.Value)).ToHashSet();
        held.Add((taken.Resource, taken.Value));
        if (!taken.IsNodePort)
        {
            var ip = PickClusterIP(held);
            spec.ClusterIP = ip;
            spec.ClusterIPs = [ip];
            return taken with { Value = ip };
        }

        var ports = spec.Ports ?? [];
        var inService = ports.Where(p => p?.NodePort is > 0).Select(p => p!.NodePort!.Value).ToHashSet();
        var picked = PickNodePort(held, inService);
        foreach (var port in ports)
        {
            if (port is not null && port.NodePort is { } number && Text(number) == taken.Value)
            {
                port.NodePort = picked;
            }
        }

        return taken with { Value = Text(picked) };
    }

    private string PickClusterIP(HashSet<(string Resource, string Value)> avoid)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var ip = ClusterIPs.At(Random(ClusterIPs.Size));
            if (!avoid.Contains((ServiceClaim.ClusterIPs, ip)))
            {
                return ip;
            }
        }

        return ClusterIPs.At(Random(ClusterIPs.Size));
    }

    private int PickNodePort(HashSet<(string Resource, string Value)> avoid, HashSet<int> inService)
    {
        var picked = NodePorts.First;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            picked = NodePorts.First + (int)Random(NodePorts.Size);
            if (!inService.Contains(picked) && !avoid.Contains((ServiceClaim.NodePorts, Text(picked))))
            {
                return picked;
            }
        }

        return picked;
    }

    // Ranges are at most a /8 of addresses or 65535 ports: both fit an int.
    private static long Random(long size) => RandomNumberGenerator.GetInt32(checked((int)size));

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
