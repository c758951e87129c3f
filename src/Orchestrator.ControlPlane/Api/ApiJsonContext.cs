using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Orchestrator.Core.Serialization;

namespace Orchestrator.ControlPlane.Api;

/// <summary>Source-generated JSON for the control plane's own wire types.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    Converters = [typeof(KubeTimeJsonConverter)])]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(JoinTokenRequest))]
[JsonSerializable(typeof(JoinTokenResponse))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
