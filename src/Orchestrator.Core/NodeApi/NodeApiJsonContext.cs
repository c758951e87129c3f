using System.Text.Json.Serialization;
using Orchestrator.Core.Channels;
using Orchestrator.Core.Serialization;

namespace Orchestrator.Core.NodeApi;

/// <summary>Source-generated JSON for the agent's routes and the channel messages.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    Converters = [typeof(KubeTimeJsonConverter)])]
[JsonSerializable(typeof(JoinRequest))]
[JsonSerializable(typeof(JoinResponse))]
[JsonSerializable(typeof(LeaseRenewal))]
[JsonSerializable(typeof(LeaseRenewed))]
[JsonSerializable(typeof(NodeMessagesAnswer))]
[JsonSerializable(typeof(PodStatusReport))]
[JsonSerializable(typeof(PodStatusReportResult))]
[JsonSerializable(typeof(NodeChannelGrant))]
[JsonSerializable(typeof(NodeNudge))]
[JsonSerializable(typeof(LogRequest))]
public sealed partial class NodeApiJsonContext : JsonSerializerContext;
