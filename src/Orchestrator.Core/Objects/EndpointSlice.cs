namespace Orchestrator.Core.Objects;

/// <summary>
/// A <c>discovery.k8s.io/v1</c> EndpointSlice: the endpoints of one Service (label
/// <c>kubernetes.io/service-name</c>), kept by the endpoints controller, with each endpoint's address, node and
/// ready / serving / terminating conditions.
/// </summary>
public sealed class EndpointSlice : KubeObject
{
    /// <summary><c>IPv4</c>.</summary>
    public string? AddressType { get; set; }

    public List<Endpoint>? Endpoints { get; set; }

    public List<EndpointPort>? Ports { get; set; }
}
