using System.Text.Json;

namespace Orchestrator.Core.Objects;

/// <summary>Compute resources a container requests (for scheduling) and may not exceed.</summary>
public sealed class ResourceRequirements
{
    public Dictionary<string, Quantity>? Requests { get; set; }

    public Dictionary<string, Quantity>? Limits { get; set; }

    public JsonElement? Claims { get; set; }
}
