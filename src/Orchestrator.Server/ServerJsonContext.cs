using System.Text.Json.Serialization;

namespace Orchestrator.Server;

/// <summary>Source-generated JSON for the client configuration file.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ClientConfig))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
