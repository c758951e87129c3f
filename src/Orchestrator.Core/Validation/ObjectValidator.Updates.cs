using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;

namespace Orchestrator.Core.Validation;

public static partial class ObjectValidator
{
    private const string PodUpdateForbiddenMessage =
        "pod updates may not change fields other than `spec.containers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations)";

    /// <summary>
    /// Checks only the transition: namespace, name and <c>spec.selector</c> are immutable. Validate the updated object
    /// with <see cref="ValidateDeployment"/> as well; its errors and warnings are not repeated here.
    /// </summary>
    public static ValidationResult ValidateDeploymentUpdate(Deployment old, Deployment updated)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(updated);
        return ValidateWorkloadUpdate(old.Metadata, old.Spec?.Selector, updated.Metadata, updated.Spec?.Selector);
    }

    /// <summary>
    /// Checks only the transition: namespace, name and <c>spec.selector</c> are immutable. Validate the updated object
    /// with <see cref="ValidateReplicaSet"/> as well.
    /// </summary>
    public static ValidationResult ValidateReplicaSetUpdate(ReplicaSet old, ReplicaSet updated)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(updated);
        return ValidateWorkloadUpdate(old.Metadata, old.Spec?.Selector, updated.Metadata, updated.Spec?.Selector);
    }

    /// <summary>What may not change in a workload (Deployment, ReplicaSet): namespace, name and selector.</summary>
    private static ValidationResult ValidateWorkloadUpdate(ObjectMeta oldMeta, LabelSelector? oldSelector, ObjectMeta updatedMeta, LabelSelector? updatedSelector)
    {
        var errors = new List<FieldError>();
        ValidateMetaUpdate(oldMeta, updatedMeta, errors);
        ValidateSelectorUpdate(oldSelector, updatedSelector, errors);
        return new ValidationResult(errors, []);
    }

    /// <summary>
    /// Checks only the transition: namespace and name are immutable, and the spec may change only in container images,
    /// a set or lowered <c>activeDeadlineSeconds</c> and added tolerations. Validate the updated object with
    /// <see cref="ValidatePod"/> as well. Binding to a node is a control-plane write, not a user update.
    /// </summary>
    public static ValidationResult ValidatePodUpdate(Pod old, Pod updated)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(updated);
        var errors = new List<FieldError>();
        ValidateMetaUpdate(old.Metadata, updated.Metadata, errors);
        if (old.Spec is not null && updated.Spec is not null)
        {
            ValidatePodSpecUpdate(old.Spec, updated.Spec, errors);
        }

        return new ValidationResult(errors, []);
    }

    private static void ValidateMetaUpdate(ObjectMeta? old, ObjectMeta? updated, List<FieldError> errors)
    {
        if (old is null || updated is null)
        {
            return;
        }

        if (!string.Equals(old.Name, updated.Name, StringComparison.Ordinal))
        {
            errors.Add(FieldError.Invalid("metadata.name", updated.Name, "field is immutable"));
        }

        if (!string.Equals(old.Namespace ?? "", updated.Namespace ?? "", StringComparison.Ordinal))
        {
            errors.Add(FieldError.Invalid("metadata.namespace", updated.Namespace, "field is immutable"));
        }
    }

    private static void ValidateSelectorUpdate(LabelSelector? old, LabelSelector? updated, List<FieldError> errors)
    {
        var oldNode = JsonSerializer.SerializeToNode(old, KubeJsonContext.Default.LabelSelector);
        var updatedNode = JsonSerializer.SerializeToNode(updated, KubeJsonContext.Default.LabelSelector);
        if (!JsonNode.DeepEquals(oldNode, updatedNode))
        {
            errors.Add(new FieldError("spec.selector", FieldErrorType.Invalid, updatedNode?.ToJsonString() ?? "null", "field is immutable")
            {
                QuoteBadValue = false,
            });
        }
    }

    private static void ValidatePodSpecUpdate(PodSpec old, PodSpec updated, List<FieldError> errors)
    {
        var oldNode = JsonSerializer.SerializeToNode(old, KubeJsonContext.Default.PodSpec)!.AsObject();
        var updatedNode = JsonSerializer.SerializeToNode(updated, KubeJsonContext.Default.PodSpec)!.AsObject();

        if (oldNode["activeDeadlineSeconds"] is { } oldDeadline)
        {
            var newDeadline = updatedNode["activeDeadlineSeconds"];
            if (newDeadline is null)
            {
                errors.Add(FieldError.Invalid("spec.activeDeadlineSeconds", (string?)null, "must not update from a positive integer to nil value"));
            }
            else if (TryGetLong(newDeadline, out var newValue) && TryGetLong(oldDeadline, out var oldValue) && newValue > oldValue)
            {
                errors.Add(FieldError.Invalid("spec.activeDeadlineSeconds", newValue, "must be less than or equal to previous value"));
            }
        }

        var tolerationsChanged = !TolerationsOnlyAdded(oldNode["tolerations"], updatedNode["tolerations"]);

        // Mask what may change, then the rest must be equal.
        foreach (var node in new[] { oldNode, updatedNode })
        {
            node.Remove("activeDeadlineSeconds");
            node.Remove("tolerations");
        }

        if (oldNode["containers"] is JsonArray oldContainers && updatedNode["containers"] is JsonArray updatedContainers &&
            oldContainers.Count == updatedContainers.Count)
        {
            for (var i = 0; i < oldContainers.Count; i++)
            {
                if (oldContainers[i] is JsonObject oldContainer && updatedContainers[i] is JsonObject updatedContainer)
                {
                    // A removed image is reported by ValidatePod, not as a forbidden change.
                    oldContainer.Remove("image");
                    updatedContainer.Remove("image");
                }
            }
        }

        if (tolerationsChanged || !JsonNode.DeepEquals(oldNode, updatedNode))
        {
            errors.Add(FieldError.Forbidden("spec", PodUpdateForbiddenMessage));
        }
    }

    private static bool TolerationsOnlyAdded(JsonNode? old, JsonNode? updated)
    {
        if (old is not JsonArray oldList || oldList.Count == 0)
        {
            return true;
        }

        if (updated is not JsonArray updatedList)
        {
            return false;
        }

        return oldList.All(o => updatedList.Any(u => JsonNode.DeepEquals(o, u)));
    }

    private static bool TryGetLong(JsonNode node, out long value)
    {
        value = 0;
        return node is JsonValue v && v.TryGetValue(out value);
    }
}
