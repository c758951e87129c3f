using System.Text.Json;

namespace Orchestrator.Core.Objects;

/// <summary>
/// Kubernetes <c>PodSpec</c>. Typed properties are implemented; <see cref="JsonElement"/> properties are
/// Kubernetes fields this system keeps but does not act on (answered with a <c>Warning</c> header).
/// </summary>
public sealed class PodSpec
{
    public List<Container>? Containers { get; set; }

    public string? RestartPolicy { get; set; }

    public string? NodeName { get; set; }

    public Dictionary<string, string>? NodeSelector { get; set; }

    public string? RuntimeClassName { get; set; }

    public long? TerminationGracePeriodSeconds { get; set; }

    public string? SchedulerName { get; set; }

    public string? DnsPolicy { get; set; }

    public JsonElement? InitContainers { get; set; }

    public JsonElement? EphemeralContainers { get; set; }

    public JsonElement? Volumes { get; set; }

    public Affinity? Affinity { get; set; }

    public List<Toleration>? Tolerations { get; set; }

    public JsonElement? SecurityContext { get; set; }

    public JsonElement? ServiceAccountName { get; set; }

    public JsonElement? ServiceAccount { get; set; }

    public JsonElement? AutomountServiceAccountToken { get; set; }

    public List<LocalObjectReference>? ImagePullSecrets { get; set; }

    public JsonElement? HostNetwork { get; set; }

    public JsonElement? HostPID { get; set; }

    public JsonElement? HostIPC { get; set; }

    public JsonElement? HostUsers { get; set; }

    public JsonElement? ShareProcessNamespace { get; set; }

    public JsonElement? DnsConfig { get; set; }

    public JsonElement? HostAliases { get; set; }

    public JsonElement? Hostname { get; set; }

    public JsonElement? Subdomain { get; set; }

    public JsonElement? SetHostnameAsFQDN { get; set; }

    public JsonElement? PriorityClassName { get; set; }

    public JsonElement? Priority { get; set; }

    public JsonElement? PreemptionPolicy { get; set; }

    public List<TopologySpreadConstraint>? TopologySpreadConstraints { get; set; }

    public JsonElement? Overhead { get; set; }

    public JsonElement? EnableServiceLinks { get; set; }

    public JsonElement? ReadinessGates { get; set; }

    public JsonElement? ActiveDeadlineSeconds { get; set; }

    public JsonElement? Os { get; set; }

    public JsonElement? SchedulingGates { get; set; }

    public JsonElement? ResourceClaims { get; set; }

    public JsonElement? Resources { get; set; }
}
