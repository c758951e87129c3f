using System.Text.Json;

namespace Orchestrator.Core.Objects;

/// <summary>Where an environment variable's value comes from: a field of the pod, or (kept, not resolved yet) other sources.</summary>
public sealed class EnvVarSource
{
    public ObjectFieldSelector? FieldRef { get; set; }

    public JsonElement? ResourceFieldRef { get; set; }

    public JsonElement? ConfigMapKeyRef { get; set; }

    public JsonElement? SecretKeyRef { get; set; }

    public JsonElement? FileKeyRef { get; set; }
}
