using System.Text.Json;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;

namespace Orchestrator.Core.Controllers;

/// <summary>Deep copies through the wire JSON, so reconcilers never mutate what they were given.</summary>
internal static class ObjectCopy
{
    public static ReplicaSet Clone(ReplicaSet replicaSet) =>
        JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(replicaSet, KubeJsonContext.Default.ReplicaSet), KubeJsonContext.Default.ReplicaSet)!;

    public static PodTemplateSpec Clone(PodTemplateSpec template) =>
        Clone(new ReplicaSet { Spec = new ReplicaSetSpec { Template = template } }).Spec!.Template!;

    public static PodSpec? Clone(PodSpec? spec) =>
        spec is null ? null : Clone(new PodTemplateSpec { Spec = spec }).Spec;

    public static Dictionary<string, string>? Clone(Dictionary<string, string>? map) =>
        map is null ? null : new Dictionary<string, string>(map, StringComparer.Ordinal);
}
