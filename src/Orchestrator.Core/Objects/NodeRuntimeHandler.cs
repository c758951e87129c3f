using System.Text.Json;

namespace Orchestrator.Core.Objects;

/// <summary>A runtime class the node's agent supports (<c>process</c>, <c>docker</c>).</summary>
public sealed class NodeRuntimeHandler
{
    public string? Name { get; set; }

    public JsonElement? Features { get; set; }
}
