using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Orchestrator.Agent.Configuration;

/// <summary>Source-generated serialization of <c>agent.json</c>, indented for the operators who edit it.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class AgentConfigJsonContext : JsonSerializerContext;
