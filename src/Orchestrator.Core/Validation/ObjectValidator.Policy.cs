using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Validation;

/// <summary>The <c>policy/v1</c> kinds: PodDisruptionBudget and the Eviction body.</summary>
public static partial class ObjectValidator
{
    /// <summary>Kubernetes' supported <c>spec.unhealthyPodEvictionPolicy</c> values, in its sorted order.</summary>
    public static readonly string[] UnhealthyPodEvictionPolicies = ["AlwaysAllow", "IfHealthyBudget"];

    public static ValidationResult ValidatePodDisruptionBudget(PodDisruptionBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var findings = new ValidationFindings();
        ValidateObjectMeta(budget.Metadata, "metadata", NameRules.Dns1123SubdomainErrors, namespaced: true, findings);

        // As in Kubernetes the spec is a value: an absent one is an empty budget that selects no pod.
        if (budget.Spec is { } spec)
        {
            ValidatePodDisruptionBudgetSpec(spec, "spec", findings);
        }

        if (budget.Status is { } status)
        {
            findings.NonNegative("status.disruptionsAllowed", status.DisruptionsAllowed);
            findings.NonNegative("status.currentHealthy", status.CurrentHealthy);
            findings.NonNegative("status.desiredHealthy", status.DesiredHealthy);
            findings.NonNegative("status.expectedPods", status.ExpectedPods);
        }

        return findings.ToResult();
    }

    /// <summary>
    /// The parts of an Eviction body the API acts on: its delete options. The name and namespace are compared with the
    /// path by the API, as Kubernetes does before validation.
    /// </summary>
    public static ValidationResult ValidateEviction(Eviction eviction)
    {
        ArgumentNullException.ThrowIfNull(eviction);
        var findings = new ValidationFindings();
        if (eviction.DeleteOptions is { } options)
        {
            ValidateDeleteOptions(options, "deleteOptions", findings);
        }

        return findings.ToResult();
    }

    private static void ValidatePodDisruptionBudgetSpec(PodDisruptionBudgetSpec spec, string path, ValidationFindings findings)
    {
        if (spec.MinAvailable is { } min && spec.MaxUnavailable is { } max)
        {
            findings.Add(new FieldError(path, FieldErrorType.Invalid, $"{{minAvailable: {min}, maxUnavailable: {max}}}", "minAvailable and maxUnavailable cannot be both set")
            {
                QuoteBadValue = false,
            });
        }

        ValidateBudgetValue(spec.MinAvailable, path + ".minAvailable", findings);
        ValidateBudgetValue(spec.MaxUnavailable, path + ".maxUnavailable", findings);
        LabelValidation.ValidateLabelSelector(spec.Selector, path + ".selector", findings.Errors);
        if (spec.UnhealthyPodEvictionPolicy is { } policy && !UnhealthyPodEvictionPolicies.Contains(policy, StringComparer.Ordinal))
        {
            findings.Add(FieldError.NotSupported(path + ".unhealthyPodEvictionPolicy", policy, UnhealthyPodEvictionPolicies));
        }
    }

    /// <summary>Kubernetes' <c>ValidatePositiveIntOrPercent</c> followed by <c>IsNotMoreThan100Percent</c>.</summary>
    private static void ValidateBudgetValue(IntOrString? value, string path, ValidationFindings findings)
    {
        if (ValidateIntOrPercent(value, path, findings) && value is { Text: not null } percent && PercentValue(percent) > 100)
        {
            findings.Add(FieldError.Invalid(path, percent.Text, "must not be greater than 100%"));
        }
    }

    private static void ValidateDeleteOptions(DeleteOptions options, string path, ValidationFindings findings)
    {
        // A negative gracePeriodSeconds is not an error in Kubernetes: the delete path treats it as 1 s.
        if (options.OrphanDependents is not null && options.PropagationPolicy is not null)
        {
            findings.Add(FieldError.Invalid(path + ".propagationPolicy", options.PropagationPolicy, "orphanDependents and deletionPropagation cannot be both set"));
        }

        findings.OneOf(path + ".propagationPolicy", options.PropagationPolicy, "Foreground", "Background", "Orphan");
        for (var i = 0; i < (options.DryRun?.Count ?? 0); i++)
        {
            if (options.DryRun![i] != "All")
            {
                findings.Add(FieldError.NotSupported($"{path}.dryRun[{i}]", options.DryRun[i], ["All"]));
            }
        }
    }
}
