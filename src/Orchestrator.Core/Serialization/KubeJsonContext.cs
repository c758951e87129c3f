using System.Text.Json.Serialization;
using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Serialization;

/// <summary>
/// Source-generated JSON for the wire types: camelCase, nulls omitted, and unknown members refused so that a
/// field Kubernetes does not define is rejected by name.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowTrailingCommas = false,
    MaxDepth = 64,
    Converters = [typeof(KubeTimeJsonConverter)])]
[JsonSerializable(typeof(Pod))]
[JsonSerializable(typeof(ReplicaSet))]
[JsonSerializable(typeof(Deployment))]
[JsonSerializable(typeof(Node))]
[JsonSerializable(typeof(Namespace))]
[JsonSerializable(typeof(Event))]
[JsonSerializable(typeof(Secret))]
[JsonSerializable(typeof(Service))]
[JsonSerializable(typeof(KubeList<Service>))]
[JsonSerializable(typeof(EndpointSlice))]
[JsonSerializable(typeof(KubeList<EndpointSlice>))]
[JsonSerializable(typeof(KubeList<Secret>))]
[JsonSerializable(typeof(Status))]
[JsonSerializable(typeof(KubeList<Pod>))]
[JsonSerializable(typeof(KubeList<ReplicaSet>))]
[JsonSerializable(typeof(KubeList<Deployment>))]
[JsonSerializable(typeof(KubeList<Node>))]
[JsonSerializable(typeof(KubeList<Namespace>))]
[JsonSerializable(typeof(KubeList<Event>))]
[JsonSerializable(typeof(List<Pod>))]
[JsonSerializable(typeof(DeploymentRollback))]
[JsonSerializable(typeof(DeploymentHistory))]
[JsonSerializable(typeof(PodDisruptionBudget))]
[JsonSerializable(typeof(KubeList<PodDisruptionBudget>))]
[JsonSerializable(typeof(Eviction))]
public sealed partial class KubeJsonContext : JsonSerializerContext;
