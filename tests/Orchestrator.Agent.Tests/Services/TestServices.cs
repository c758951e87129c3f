using Orchestrator.Agent.Services;
using Orchestrator.Core.Objects;

namespace Orchestrator.Agent.Tests.Services;

/// <summary>Services and EndpointSlices as the control plane lists them.</summary>
internal static class TestServices
{
    public static Service Service(string name, string clusterIP, params ServicePort[] ports) =>
        Service(name, "default", clusterIP, ports);

    public static Service Service(string name, string @namespace, string clusterIP, params ServicePort[] ports) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new ObjectMeta { Name = name, Namespace = @namespace, Uid = "svc-" + name },
        Spec = new ServiceSpec
        {
            ClusterIP = clusterIP,
            ClusterIPs = [clusterIP],
            Type = "ClusterIP",
            SessionAffinity = "None",
            Ports = [.. ports],
        },
    };

    public static ServicePort Port(int port, string? name = null, int? nodePort = null) => new()
    {
        Name = name,
        Port = port,
        Protocol = "TCP",
        TargetPort = IntOrString.FromInt(port),
        NodePort = nodePort,
    };

    public static EndpointSlice Slice(string service, int port, params Endpoint[] endpoints) =>
        Slice(service, "default", null, port, endpoints);

    public static EndpointSlice Slice(string service, string @namespace, string? portName, int port, params Endpoint[] endpoints) => new()
    {
        ApiVersion = "discovery.k8s.io/v1",
        Kind = "EndpointSlice",
        Metadata = new ObjectMeta
        {
            Name = service + "-abcde",
            Namespace = @namespace,
            Labels = new Dictionary<string, string> { [ProxyRules.ServiceNameLabel] = service },
        },
        AddressType = "IPv4",
        Ports = [new EndpointPort { Name = portName ?? "", Port = port, Protocol = "TCP" }],
        Endpoints = [.. endpoints],
    };

    public static Endpoint Ready(string address) => Endpoint(address, ready: true, terminating: false);

    public static Endpoint Endpoint(string address, bool ready, bool terminating) => new()
    {
        Addresses = [address],
        Conditions = new EndpointConditions { Ready = ready, Serving = ready || terminating, Terminating = terminating },
        NodeName = "node-1",
    };
}
