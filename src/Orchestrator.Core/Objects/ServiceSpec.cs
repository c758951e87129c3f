namespace Orchestrator.Core.Objects;

/// <summary>What a Service exposes and where: its ports, the pods it selects, its type and addresses.</summary>
public sealed class ServiceSpec
{
    public List<ServicePort>? Ports { get; set; }

    public Dictionary<string, string>? Selector { get; set; }

    public string? ClusterIP { get; set; }

    public List<string>? ClusterIPs { get; set; }

    /// <summary><c>ClusterIP</c> (the default) or <c>NodePort</c>.</summary>
    public string? Type { get; set; }

    /// <summary><c>None</c> (the default) or <c>ClientIP</c>.</summary>
    public string? SessionAffinity { get; set; }

    public SessionAffinityConfig? SessionAffinityConfig { get; set; }

    public bool? PublishNotReadyAddresses { get; set; }

    public List<string>? IpFamilies { get; set; }

    public string? IpFamilyPolicy { get; set; }

    public string? InternalTrafficPolicy { get; set; }

    public string? ExternalTrafficPolicy { get; set; }

    public List<string>? ExternalIPs { get; set; }

    public string? ExternalName { get; set; }

    public string? LoadBalancerIP { get; set; }

    public List<string>? LoadBalancerSourceRanges { get; set; }

    public string? LoadBalancerClass { get; set; }

    public bool? AllocateLoadBalancerNodePorts { get; set; }

    public int? HealthCheckNodePort { get; set; }

    public string? TrafficDistribution { get; set; }
}
