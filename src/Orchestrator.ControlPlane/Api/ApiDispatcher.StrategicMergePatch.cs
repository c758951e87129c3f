using System.Text.Json.Nodes;

namespace Orchestrator.ControlPlane.Api;

/// <summary>
/// The strategic merge patches this server takes: those that mean exactly what the same JSON merge patch means, such as
/// <c>kubectl cordon</c>'s <c>{"spec":{"unschedulable":true}}</c>. Lists (merged by key in a strategic patch) and
/// <c>$</c> directives are refused rather than applied with other semantics than the client expects.
/// </summary>
public sealed partial class ApiDispatcher
{
    private const string StrategicMergePatchMediaType = "application/strategic-merge-patch+json";

    private static void RequireMergeCompatible(JsonObject patch, string path = "")
    {
        foreach (var (key, value) in patch)
        {
            var field = path.Length == 0 ? key : $"{path}.{key}";
            if (key.StartsWith('$') || value is JsonArray)
            {
                throw new ApiException(StatusErrors.UnsupportedMediaType(
                    $"{StrategicMergePatchMediaType} with {(key.StartsWith('$') ? "the directive" : "a list at")} \"{field}\" (only strategic merge patches without lists or directives are supported; send the change as {MergePatchMediaType})",
                    MergePatchMediaType));
            }

            if (value is JsonObject child)
            {
                RequireMergeCompatible(child, field);
            }
        }
    }
}
