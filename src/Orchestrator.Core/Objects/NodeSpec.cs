using System.Text.Json;

namespace Orchestrator.Core.Objects;

/// <summary>Desired state of a node: cordoning and taints.</summary>
public sealed class NodeSpec
{
    public bool? Unschedulable { get; set; }

    public List<Taint>? Taints { get; set; }

    public string? ProviderID { get; set; }

    public JsonElement? PodCIDR { get; set; }

    public JsonElement? PodCIDRs { get; set; }
}
