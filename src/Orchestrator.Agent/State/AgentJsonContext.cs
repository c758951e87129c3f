using System.Text.Json.Serialization;
using Orchestrator.Agent.Identity;
using Orchestrator.Agent.Runtime.Process;

namespace Orchestrator.Agent.State;

/// <summary>Source-generated JSON for the agent's own state files.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(NodeCredential))]
[JsonSerializable(typeof(ContainerRecord))]
internal sealed partial class AgentJsonContext : JsonSerializerContext;
