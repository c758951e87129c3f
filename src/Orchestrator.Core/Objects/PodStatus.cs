namespace Orchestrator.Core.Objects;

/// <summary>Observed state of a pod, reported by the agent of its node.</summary>
public sealed class PodStatus
{
    public string? Phase { get; set; }

    public List<PodCondition>? Conditions { get; set; }

    public string? Message { get; set; }

    public string? Reason { get; set; }

    public string? HostIP { get; set; }

    public List<HostIP>? HostIPs { get; set; }

    public string? PodIP { get; set; }

    public List<PodIP>? PodIPs { get; set; }

    public DateTimeOffset? StartTime { get; set; }

    public List<ContainerStatus>? ContainerStatuses { get; set; }

    public string? QosClass { get; set; }

    public long? ObservedGeneration { get; set; }
}
