using System.Globalization;
using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Validation;

public static partial class ObjectValidator
{
    internal const string HostnameTopologyKey = "kubernetes.io/hostname";

    private static readonly string[] TaintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
    private static readonly string[] TolerationOperators = ["Equal", "Exists"];
    private static readonly string[] NodeFieldKeys = ["metadata.name"];
    private static readonly string[] ScheduleActions = ["DoNotSchedule", "ScheduleAnyway"];
    private static readonly string[] NodeInclusionPolicies = ["Honor", "Ignore"];

    /// <summary>Kubernetes' <c>validateTopologySpreadConstraints</c>, with its field paths and messages.</summary>
    private static void ValidateTopologySpreadConstraints(List<TopologySpreadConstraint>? constraints, string path, ValidationFindings findings)
    {
        for (var i = 0; i < (constraints?.Count ?? 0); i++)
        {
            var itemPath = $"{path}[{i}]";
            if (constraints![i] is not { } constraint)
            {
                findings.Add(FieldError.Required(itemPath));
                continue;
            }

            if (constraint.MaxSkew <= 0)
            {
                findings.Add(FieldError.Invalid(itemPath + ".maxSkew", constraint.MaxSkew, "must be greater than zero"));
            }

            if (string.IsNullOrEmpty(constraint.TopologyKey))
            {
                findings.Add(FieldError.Required(itemPath + ".topologyKey", "can not be empty"));
            }
            else
            {
                LabelValidation.ValidateLabelKey(constraint.TopologyKey, itemPath + ".topologyKey", findings.Errors);
            }

            if (Array.IndexOf(ScheduleActions, constraint.WhenUnsatisfiable) < 0)
            {
                findings.Add(FieldError.NotSupported(itemPath + ".whenUnsatisfiable", constraint.WhenUnsatisfiable ?? "", ScheduleActions));
            }

            // {topologyKey, whenUnsatisfiable} names one kind of constraint; Kubernetes reports the first of a repeated pair.
            for (var j = i + 1; j < constraints.Count; j++)
            {
                if (constraints[j] is { } other && other.TopologyKey == constraint.TopologyKey && other.WhenUnsatisfiable == constraint.WhenUnsatisfiable)
                {
                    findings.Add(FieldError.Duplicate(itemPath + ".{topologyKey, whenUnsatisfiable}", $"{{{constraint.TopologyKey}, {constraint.WhenUnsatisfiable}}}"));
                    break;
                }
            }

            if (constraint.MinDomains is { } minDomains)
            {
                if (minDomains <= 0)
                {
                    findings.Add(FieldError.Invalid(itemPath + ".minDomains", minDomains, "must be greater than zero"));
                }

                if (constraint.WhenUnsatisfiable != "DoNotSchedule")
                {
                    findings.Add(FieldError.Invalid(itemPath + ".minDomains", minDomains,
                        $"can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {constraint.WhenUnsatisfiable}"));
                }
            }

            if (constraint.NodeAffinityPolicy is { } affinityPolicy && Array.IndexOf(NodeInclusionPolicies, affinityPolicy) < 0)
            {
                findings.Add(FieldError.NotSupported(itemPath + ".nodeAffinityPolicy", affinityPolicy, NodeInclusionPolicies));
            }

            if (constraint.NodeTaintsPolicy is { } taintsPolicy && Array.IndexOf(NodeInclusionPolicies, taintsPolicy) < 0)
            {
                findings.Add(FieldError.NotSupported(itemPath + ".nodeTaintsPolicy", taintsPolicy, NodeInclusionPolicies));
            }

            ValidateMatchLabelKeys(constraint, itemPath + ".matchLabelKeys", findings);
            LabelValidation.ValidateLabelSelector(constraint.LabelSelector, itemPath + ".labelSelector", findings.Errors);
        }
    }

    private static void ValidateMatchLabelKeys(TopologySpreadConstraint constraint, string path, ValidationFindings findings)
    {
        if (constraint.MatchLabelKeys is not { Count: > 0 } keys)
        {
            return;
        }

        if (constraint.LabelSelector is null)
        {
            findings.Add(FieldError.Forbidden(path, "must not be specified when labelSelector is not set"));
            return;
        }

        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i] ?? "";
            LabelValidation.ValidateLabelKey(key, $"{path}[{i}]", findings.Errors);
            var inSelector = constraint.LabelSelector.MatchLabels?.ContainsKey(key) == true ||
                constraint.LabelSelector.MatchExpressions?.Any(e => e?.Key == key) == true;
            if (inSelector)
            {
                findings.Add(FieldError.Invalid($"{path}[{i}]", key, "exists in both matchLabelKeys and labelSelector"));
            }
        }
    }

    private static void ValidateTolerations(List<Toleration>? tolerations, string path, ValidationFindings findings)
    {
        for (var i = 0; i < (tolerations?.Count ?? 0); i++)
        {
            var itemPath = $"{path}[{i}]";
            var toleration = tolerations![i];
            if (toleration is null)
            {
                findings.Add(FieldError.Required(itemPath));
                continue;
            }

            if (!string.IsNullOrEmpty(toleration.Key))
            {
                LabelValidation.ValidateLabelKey(toleration.Key, itemPath + ".key", findings.Errors);
            }
            else if (toleration.Operator != "Exists")
            {
                findings.Add(FieldError.Invalid(itemPath + ".operator", toleration.Operator,
                    "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
            }

            if (toleration.TolerationSeconds is not null && toleration.Effect != "NoExecute")
            {
                findings.Add(FieldError.Invalid(itemPath + ".effect", toleration.Effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
            }

            switch (toleration.Operator)
            {
                case null or "" or "Equal":
                    LabelValidation.ValidateLabelValue(toleration.Value, itemPath + ".value", findings.Errors);
                    break;
                case "Exists":
                    if (!string.IsNullOrEmpty(toleration.Value))
                    {
                        findings.Add(FieldError.Invalid(itemPath + ".operator", toleration.Value, "value must be empty when `operator` is 'Exists'"));
                    }

                    break;
                default:
                    findings.Add(FieldError.NotSupported(itemPath + ".operator", toleration.Operator, TolerationOperators));
                    break;
            }

            if (!string.IsNullOrEmpty(toleration.Effect) && Array.IndexOf(TaintEffects, toleration.Effect) < 0)
            {
                findings.Add(FieldError.NotSupported(itemPath + ".effect", toleration.Effect, TaintEffects));
            }
        }
    }

    private static void ValidateAffinity(Affinity? affinity, string path, ValidationFindings findings)
    {
        if (affinity is null)
        {
            return;
        }

        findings.NotImplemented(path + ".podAffinity", affinity.PodAffinity);
        if (affinity.NodeAffinity is { } nodeAffinity)
        {
            var nodePath = path + ".nodeAffinity";
            if (nodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution is { } required)
            {
                ValidateNodeSelector(required, nodePath + ".requiredDuringSchedulingIgnoredDuringExecution", findings);
            }

            ValidateWeightedTerms(
                nodeAffinity.PreferredDuringSchedulingIgnoredDuringExecution,
                nodePath + ".preferredDuringSchedulingIgnoredDuringExecution",
                static term => term.Weight,
                static term => term.Preference,
                "preference",
                ValidateNodeSelectorTerm,
                findings);
        }

        if (affinity.PodAntiAffinity is { } antiAffinity)
        {
            var antiPath = path + ".podAntiAffinity";
            ForEachTerm(antiAffinity.RequiredDuringSchedulingIgnoredDuringExecution, antiPath + ".requiredDuringSchedulingIgnoredDuringExecution", findings, ValidatePodAffinityTerm);
            var preferred = antiAffinity.PreferredDuringSchedulingIgnoredDuringExecution;
            ValidateWeightedTerms(
                preferred,
                antiPath + ".preferredDuringSchedulingIgnoredDuringExecution",
                static term => term.Weight,
                static term => term.PodAffinityTerm,
                "podAffinityTerm",
                ValidatePodAffinityTerm,
                findings);

            if (preferred is { Count: > 0 })
            {
                findings.Warnings.Add(antiPath + ".preferredDuringSchedulingIgnoredDuringExecution: not implemented by Orchestrator; the field is kept but has no effect");
            }
        }
    }

    /// <summary>Each term of a list (a missing one is required), validated at <c>path[i]</c>.</summary>
    private static void ForEachTerm<T>(IReadOnlyList<T?>? terms, string path, ValidationFindings findings, Action<T, string, ValidationFindings> validate)
        where T : class
    {
        for (var i = 0; i < (terms?.Count ?? 0); i++)
        {
            var termPath = $"{path}[{i}]";
            if (terms![i] is { } term)
            {
                validate(term, termPath, findings);
            }
            else
            {
                findings.Add(FieldError.Required(termPath));
            }
        }
    }

    /// <summary>A list of preferred terms: each a weight (1-100) and a required inner term named <paramref name="innerField"/>.</summary>
    private static void ValidateWeightedTerms<TTerm, TInner>(
        IReadOnlyList<TTerm?>? terms,
        string path,
        Func<TTerm, int> weight,
        Func<TTerm, TInner?> inner,
        string innerField,
        Action<TInner, string, ValidationFindings> validateInner,
        ValidationFindings findings)
        where TTerm : class
        where TInner : class =>
        ForEachTerm(terms, path, findings, (term, termPath, found) =>
        {
            ValidateWeight(weight(term), termPath + ".weight", found);
            if (inner(term) is { } value)
            {
                validateInner(value, termPath + "." + innerField, found);
            }
            else
            {
                found.Add(FieldError.Required(termPath + "." + innerField));
            }
        });

    private static void ValidateWeight(int weight, string path, ValidationFindings findings)
    {
        if (weight is < 1 or > 100)
        {
            findings.Add(FieldError.Invalid(path, weight, "must be in the range 1-100"));
        }
    }

    private static void ValidateNodeSelector(NodeSelector selector, string path, ValidationFindings findings)
    {
        var terms = selector.NodeSelectorTerms;
        if (terms is not { Count: > 0 })
        {
            findings.Add(FieldError.Required(path + ".nodeSelectorTerms", "must have at least one node selector term"));
            return;
        }

        for (var i = 0; i < terms.Count; i++)
        {
            var termPath = $"{path}.nodeSelectorTerms[{i}]";
            if (terms[i] is null)
            {
                findings.Add(FieldError.Required(termPath));
                continue;
            }

            ValidateNodeSelectorTerm(terms[i], termPath, findings);
        }
    }

    private static void ValidateNodeSelectorTerm(NodeSelectorTerm term, string path, ValidationFindings findings)
    {
        for (var i = 0; i < (term.MatchExpressions?.Count ?? 0); i++)
        {
            var requirementPath = $"{path}.matchExpressions[{i}]";
            if (term.MatchExpressions![i] is not { } requirement)
            {
                findings.Add(FieldError.Required(requirementPath));
                continue;
            }

            ValidateNodeSelectorRequirement(requirement, requirementPath, findings);
        }

        for (var i = 0; i < (term.MatchFields?.Count ?? 0); i++)
        {
            var requirementPath = $"{path}.matchFields[{i}]";
            if (term.MatchFields![i] is not { } requirement)
            {
                findings.Add(FieldError.Required(requirementPath));
                continue;
            }

            ValidateNodeFieldRequirement(requirement, requirementPath, findings);
        }
    }

    private static void ValidateNodeSelectorRequirement(NodeSelectorRequirement requirement, string path, ValidationFindings findings)
    {
        var valueCount = requirement.Values?.Count ?? 0;
        switch (requirement.Operator)
        {
            case "In" or "NotIn":
                if (valueCount == 0)
                {
                    findings.Add(FieldError.Required(path + ".values", "must be specified when `operator` is 'In' or 'NotIn'"));
                }

                for (var j = 0; j < valueCount; j++)
                {
                    LabelValidation.ValidateLabelValue(requirement.Values![j], $"{path}.values[{j}]", findings.Errors);
                }

                break;
            case "Exists" or "DoesNotExist":
                if (valueCount > 0)
                {
                    findings.Add(FieldError.Forbidden(path + ".values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                }

                break;
            case "Gt" or "Lt":
                if (valueCount != 1)
                {
                    findings.Add(FieldError.Required(path + ".values", "must be specified single value when `operator` is 'Lt' or 'Gt'"));
                }
                else if (!long.TryParse(requirement.Values![0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                {
                    findings.Add(FieldError.Invalid(path + ".values[0]", requirement.Values[0], "must be an integer"));
                }

                break;
            case null or "":
                findings.Add(FieldError.Required(path + ".operator"));
                break;
            default:
                findings.Add(FieldError.Invalid(path + ".operator", requirement.Operator, "not a valid selector operator"));
                break;
        }

        if (string.IsNullOrEmpty(requirement.Key))
        {
            findings.Add(FieldError.Required(path + ".key"));
        }
        else
        {
            LabelValidation.ValidateLabelKey(requirement.Key, path + ".key", findings.Errors);
        }
    }

    private static void ValidateNodeFieldRequirement(NodeSelectorRequirement requirement, string path, ValidationFindings findings)
    {
        switch (requirement.Operator)
        {
            case "In" or "NotIn":
                if (requirement.Values?.Count != 1)
                {
                    findings.Add(FieldError.Required(path + ".values", "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
                }

                break;
            case null or "":
                findings.Add(FieldError.Required(path + ".operator"));
                break;
            default:
                findings.Add(FieldError.Invalid(path + ".operator", requirement.Operator, "not a valid selector operator"));
                break;
        }

        if (Array.IndexOf(NodeFieldKeys, requirement.Key) < 0)
        {
            findings.Add(FieldError.NotSupported(path + ".key", requirement.Key, NodeFieldKeys));
        }
    }

    private static void ValidatePodAffinityTerm(PodAffinityTerm term, string path, ValidationFindings findings)
    {
        LabelValidation.ValidateLabelSelector(term.LabelSelector, path + ".labelSelector", findings.Errors);
        for (var i = 0; i < (term.Namespaces?.Count ?? 0); i++)
        {
            findings.Name($"{path}.namespaces[{i}]", term.Namespaces![i] ?? "", NameRules.Dns1123LabelErrors);
        }

        if (string.IsNullOrEmpty(term.TopologyKey))
        {
            findings.Add(FieldError.Required(path + ".topologyKey", "can not be empty"));
        }
        else
        {
            LabelValidation.ValidateLabelKey(term.TopologyKey, path + ".topologyKey", findings.Errors);
            if (term.TopologyKey != HostnameTopologyKey)
            {
                findings.Warnings.Add($"{path}.topologyKey: only '{HostnameTopologyKey}' is implemented by Orchestrator; the term has no effect");
            }
        }

        findings.NotImplemented(path + ".namespaceSelector", term.NamespaceSelector);
        findings.NotImplemented(path + ".matchLabelKeys", term.MatchLabelKeys);
        findings.NotImplemented(path + ".mismatchLabelKeys", term.MismatchLabelKeys);
    }
}
