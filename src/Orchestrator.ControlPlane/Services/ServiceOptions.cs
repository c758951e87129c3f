namespace Orchestrator.ControlPlane.Services;

/// <summary>Where Services get their cluster IPs and node ports (ADR 0012).</summary>
public sealed class ServiceOptions
{
    /// <summary>Configuration section the hosts bind.</summary>
    public const string SectionName = "Services";

    /// <summary>
    /// The IPv4 range cluster IPs are allocated from, in CIDR notation: a loopback range, because every agent listens
    /// on a Service's cluster IP on its own machine (<c>127.96.0.0/12</c>, the loopback twin of Kubernetes' default).
    /// </summary>
    public string ClusterIPRange { get; set; } = "127.96.0.0/12";

    /// <summary>The node ports NodePort Services get, <c>first-last</c> (Kubernetes' <c>--service-node-port-range</c>).</summary>
    public string NodePortRange { get; set; } = "30000-32767";
}
