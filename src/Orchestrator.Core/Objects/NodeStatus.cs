using System.Text.Json;

namespace Orchestrator.Core.Objects;

/// <summary>Observed state of a node, reported by its agent.</summary>
public sealed class NodeStatus
{
    public Dictionary<string, Quantity>? Capacity { get; set; }

    public Dictionary<string, Quantity>? Allocatable { get; set; }

    public List<NodeCondition>? Conditions { get; set; }

    public List<NodeAddress>? Addresses { get; set; }

    public NodeSystemInfo? NodeInfo { get; set; }

    public List<NodeRuntimeHandler>? RuntimeHandlers { get; set; }

    public string? Phase { get; set; }

    public JsonElement? DaemonEndpoints { get; set; }

    public JsonElement? Images { get; set; }
}
