using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Api;

/// <summary>RFC 7386 JSON merge patch: objects merge recursively, <c>null</c> removes, anything else replaces.</summary>
public static class JsonMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? [];
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else if (value is JsonObject && result[name] is JsonObject existing)
            {
                Apply(existing, value);
            }
            else
            {
                // A new object is merged into nothing so that nulls inside it are dropped, as the RFC says.
                result[name] = value is JsonObject ? Apply(null, value) : value.DeepClone();
            }
        }

        return result;
    }
}
