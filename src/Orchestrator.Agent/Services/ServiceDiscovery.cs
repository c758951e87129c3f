using System.Globalization;
using System.Net;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Services;

/// <summary>
/// Discovery by name (CoreDNS's and the kubelet's service-links role): the environment variables and host names
/// that point a workload at a Service's cluster IP, where the node's proxy listens.
/// </summary>
internal static class ServiceDiscovery
{
    public const string ClusterDomain = "svc.cluster.local";
    public const string DefaultNamespace = "default";

    /// <summary>The links of a container in <paramref name="namespace"/>.</summary>
    /// <param name="services">Every Service the node knows.</param>
    /// <param name="namespace">The pod's namespace.</param>
    /// <param name="environment">False when the pod sets <c>enableServiceLinks: false</c>.</param>
    public static ServiceLinks LinksFor(IEnumerable<Service> services, string @namespace, bool environment)
    {
        var addressed = Addressed(services).ToList();
        var variables = environment
            ? Environment(addressed.Where(service => service.Metadata.Namespace == @namespace))
            : [];
        var hosts = new List<string>();
        foreach (var service in addressed)
        {
            foreach (var name in HostNames(service, own: service.Metadata.Namespace == @namespace))
            {
                hosts.Add(name + ":" + service.Spec!.ClusterIP);
            }
        }

        return new ServiceLinks(variables, hosts);
    }

    /// <summary>
    /// Kubernetes' variables for the Services of one namespace (pkg/kubelet/envvars): <c>NAME_SERVICE_HOST</c>,
    /// <c>NAME_SERVICE_PORT</c>, <c>NAME_SERVICE_PORT_PORTNAME</c> and the Docker-links <c>NAME_PORT*</c> ones.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Environment(IEnumerable<Service> services)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var service in Addressed(services).OrderBy(service => service.Metadata.Name, StringComparer.Ordinal))
        {
            var ports = service.Spec!.Ports ?? [];
            if (ports.Count == 0)
            {
                continue;
            }

            var prefix = VariableName(service.Metadata.Name!);
            var host = service.Spec.ClusterIP!;
            result.Add(new(prefix + "_SERVICE_HOST", host));
            result.Add(new(prefix + "_SERVICE_PORT", Text(ports[0].Port)));
            foreach (var port in ports.Where(port => !string.IsNullOrEmpty(port.Name)))
            {
                result.Add(new(prefix + "_SERVICE_PORT_" + VariableName(port.Name!), Text(port.Port)));
            }

            result.Add(new(prefix + "_PORT", Url(ports[0], host)));
            foreach (var port in ports)
            {
                var protocol = Protocol(port);
                var portPrefix = prefix + "_PORT_" + Text(port.Port) + "_" + protocol.ToUpperInvariant();
                result.Add(new(portPrefix, Url(port, host)));
                result.Add(new(portPrefix + "_PROTO", protocol));
                result.Add(new(portPrefix + "_PORT", Text(port.Port)));
                result.Add(new(portPrefix + "_ADDR", host));
            }
        }

        return result;
    }

    /// <summary>
    /// A Service's host names: <c>name.namespace</c> and <c>name.namespace.svc.cluster.local</c>, and the bare
    /// <c>name</c> when <paramref name="own"/> (the workload's namespace).
    /// </summary>
    public static IEnumerable<string> HostNames(Service service, bool own)
    {
        var name = service.Metadata.Name!;
        var @namespace = service.Metadata.Namespace ?? DefaultNamespace;
        if (own)
        {
            yield return name;
        }

        yield return name + "." + @namespace;
        yield return name + "." + @namespace + "." + ClusterDomain;
    }

    /// <summary>Services with a usable cluster IP (headless and address-less ones have no proxy to point at).</summary>
    public static IEnumerable<Service> Addressed(IEnumerable<Service> services) =>
        services.Where(service =>
            !string.IsNullOrEmpty(service.Metadata.Name) &&
            service.Spec?.ClusterIP is { Length: > 0 } ip &&
            IPAddress.TryParse(ip, out _));

    public static string VariableName(string name) => name.ToUpperInvariant().Replace('-', '_');

    private static string Protocol(ServicePort port) => (string.IsNullOrEmpty(port.Protocol) ? "TCP" : port.Protocol).ToLowerInvariant();

    private static string Url(ServicePort port, string host) => Protocol(port) + "://" + host + ":" + Text(port.Port);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
