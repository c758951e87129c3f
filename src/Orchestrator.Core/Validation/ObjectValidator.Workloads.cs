using System.Text.Json;
using Orchestrator.Core.Labels;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;

namespace Orchestrator.Core.Validation;

public static partial class ObjectValidator
{
    private const string PercentMessage =
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

    private static void ValidateDeploymentSpec(DeploymentSpec spec, string path, ValidationFindings findings)
    {
        findings.NonNegative(path + ".replicas", spec.Replicas);
        ValidateWorkloadSelectorAndTemplate(spec.Selector, spec.Template, path, "deployment", findings);
        ValidateStrategy(spec.Strategy, path + ".strategy", findings);
        findings.NonNegative(path + ".minReadySeconds", spec.MinReadySeconds);
        findings.NonNegative(path + ".revisionHistoryLimit", spec.RevisionHistoryLimit);
        if (spec.ProgressDeadlineSeconds is { } deadline)
        {
            findings.NonNegative(path + ".progressDeadlineSeconds", deadline);
            if (deadline >= 0 && deadline <= (spec.MinReadySeconds ?? 0))
            {
                findings.Add(FieldError.Invalid(path + ".progressDeadlineSeconds", deadline, "must be greater than minReadySeconds"));
            }
        }
    }

    private static void ValidateReplicaSetSpec(ReplicaSetSpec spec, string path, ValidationFindings findings)
    {
        findings.NonNegative(path + ".replicas", spec.Replicas);
        findings.NonNegative(path + ".minReadySeconds", spec.MinReadySeconds);
        ValidateWorkloadSelectorAndTemplate(spec.Selector, spec.Template, path, "replicaset", findings);
    }

    private static void ValidateWorkloadSelectorAndTemplate(
        LabelSelector? selector, PodTemplateSpec? template, string path, string kind, ValidationFindings findings)
    {
        Selector? compiled = null;
        if (selector is null)
        {
            findings.Add(FieldError.Required(path + ".selector"));
        }
        else
        {
            var errorCount = findings.Errors.Count;
            LabelValidation.ValidateLabelSelector(selector, path + ".selector", findings.Errors);
            if (selector.MatchLabels is not { Count: > 0 } && selector.MatchExpressions is not { Count: > 0 })
            {
                findings.Add(new FieldError(path + ".selector", FieldErrorType.Invalid, "{}", $"empty selector is invalid for {kind}") { QuoteBadValue = false });
            }
            else if (findings.Errors.Count == errorCount)
            {
                compiled = Selector.FromLabelSelector(selector);
            }
        }

        if (template is null)
        {
            findings.Add(FieldError.Required(path + ".template"));
            return;
        }

        var templatePath = path + ".template";
        ValidateTemplateMeta(template.Metadata, templatePath + ".metadata", findings);
        var labels = template.Metadata?.Labels;
        if (compiled is not null && !compiled.Matches(labels))
        {
            findings.Add(new FieldError(templatePath + ".metadata.labels", FieldErrorType.Invalid, RenderLabels(labels), "`selector` does not match template `labels`")
            {
                QuoteBadValue = false,
            });
        }

        if (template.Spec is null)
        {
            findings.Add(FieldError.Required(templatePath + ".spec"));
            return;
        }

        ValidatePodSpec(template.Spec, templatePath + ".spec", TemplateRestartPolicies, findings);
        if (ValidationFindings.IsPresent(template.Spec.ActiveDeadlineSeconds))
        {
            findings.Add(new FieldError(
                templatePath + ".spec.activeDeadlineSeconds", FieldErrorType.Invalid, template.Spec.ActiveDeadlineSeconds!.Value.GetRawText(),
                $"activeDeadlineSeconds in {kind} is not Supported") { QuoteBadValue = false });
        }
    }

    private static void ValidateStrategy(DeploymentStrategy? strategy, string path, ValidationFindings findings)
    {
        if (strategy is null)
        {
            return;
        }

        findings.OneOf(path + ".type", strategy.Type, "Recreate", "RollingUpdate");
        if (strategy.RollingUpdate is not { } rollingUpdate)
        {
            return;
        }

        if (strategy.Type == "Recreate")
        {
            findings.Add(FieldError.Forbidden(path + ".rollingUpdate", "may not be specified when strategy `type` is 'Recreate'"));
            return;
        }

        var rollingPath = path + ".rollingUpdate";
        var unavailableValid = ValidateIntOrPercent(rollingUpdate.MaxUnavailable, rollingPath + ".maxUnavailable", findings);
        var surgeValid = ValidateIntOrPercent(rollingUpdate.MaxSurge, rollingPath + ".maxSurge", findings);
        if (unavailableValid && rollingUpdate.MaxUnavailable is { Text: not null } percent && PercentValue(percent) > 100)
        {
            findings.Add(FieldError.Invalid(rollingPath + ".maxUnavailable", percent.Text, "must not be greater than 100%"));
        }

        // Absent values are defaulted to 25%, so only two explicit zeros deadlock a rollout.
        if (unavailableValid && surgeValid && rollingUpdate.MaxUnavailable is { } unavailable && rollingUpdate.MaxSurge is { } surge &&
            PercentValue(unavailable) == 0 && PercentValue(surge) == 0)
        {
            findings.Add(unavailable.Number is int n
                ? FieldError.Invalid(rollingPath + ".maxUnavailable", n, "may not be 0 when `maxSurge` is 0")
                : FieldError.Invalid(rollingPath + ".maxUnavailable", unavailable.Text, "may not be 0 when `maxSurge` is 0"));
        }
    }

    private static bool ValidateIntOrPercent(IntOrString? value, string path, ValidationFindings findings)
    {
        if (value is null)
        {
            return true;
        }

        if (value.Number is int n)
        {
            if (n < 0)
            {
                findings.Add(FieldError.Invalid(path, n, "must be greater than or equal to 0"));
                return false;
            }

            return true;
        }

        if (!value.IsPercent)
        {
            findings.Add(FieldError.Invalid(path, value.Text, PercentMessage));
            return false;
        }

        return true;
    }

    private static int PercentValue(IntOrString value) => value.Number ?? value.Resolve(100, roundUp: false);

    private static void ValidateTaints(List<Taint>? taints, string path, ValidationFindings findings)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (taints?.Count ?? 0); i++)
        {
            var taintPath = $"{path}[{i}]";
            var taint = taints![i];
            if (taint is null)
            {
                findings.Add(FieldError.Required(taintPath));
                continue;
            }

            if (string.IsNullOrEmpty(taint.Key))
            {
                findings.Add(FieldError.Required(taintPath + ".key"));
            }
            else
            {
                LabelValidation.ValidateLabelKey(taint.Key, taintPath + ".key", findings.Errors);
            }

            if (!string.IsNullOrEmpty(taint.Value))
            {
                LabelValidation.ValidateLabelValue(taint.Value, taintPath + ".value", findings.Errors);
            }

            if (string.IsNullOrEmpty(taint.Effect))
            {
                findings.Add(FieldError.Required(taintPath + ".effect"));
            }
            else
            {
                findings.OneOf(taintPath + ".effect", taint.Effect, "NoSchedule", "PreferNoSchedule", "NoExecute");
            }

            if (!seen.Add(taint.Key + ":" + taint.Effect))
            {
                findings.Add(FieldError.Duplicate(taintPath, taint.Key + ":" + taint.Effect));
            }
        }
    }

    private static string RenderLabels(Dictionary<string, string>? labels) =>
        labels is null
            ? "null"
            : JsonSerializer.Serialize(labels.OrderBy(static p => p.Key, StringComparer.Ordinal).ToDictionary(), KubeJsonContext.Default.DictionaryStringString);
}
