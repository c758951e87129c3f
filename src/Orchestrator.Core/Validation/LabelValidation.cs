using Orchestrator.Core.Objects;

namespace Orchestrator.Core.Validation;

/// <summary>Label maps and label selectors, shared by the object validator and <see cref="Labels.Selector"/>.</summary>
internal static class LabelValidation
{
    public static void ValidateLabels(IReadOnlyDictionary<string, string>? labels, string path, List<FieldError> errors)
    {
        if (labels is null)
        {
            return;
        }

        foreach (var (key, value) in labels)
        {
            ValidateLabelKey(key, path, errors);
            ValidateLabelValue(value, path, errors);
        }
    }

    public static void ValidateLabelKey(string key, string path, List<FieldError> errors)
    {
        foreach (var message in NameRules.QualifiedNameErrors(key))
        {
            errors.Add(FieldError.Invalid(path, key, message));
        }
    }

    public static void ValidateLabelValue(string? value, string path, List<FieldError> errors)
    {
        foreach (var message in NameRules.LabelValueErrors(value ?? ""))
        {
            errors.Add(FieldError.Invalid(path, value, message));
        }
    }

    public static void ValidateLabelSelector(LabelSelector? selector, string path, List<FieldError> errors)
    {
        if (selector is null)
        {
            return;
        }

        ValidateLabels(selector.MatchLabels, Child(path, "matchLabels"), errors);
        if (selector.MatchExpressions is not { } expressions)
        {
            return;
        }

        for (var i = 0; i < expressions.Count; i++)
        {
            var expressionPath = $"{Child(path, "matchExpressions")}[{i}]";
            var expression = expressions[i];
            if (expression is null)
            {
                errors.Add(FieldError.Required(expressionPath));
                continue;
            }

            var valueCount = expression.Values?.Count ?? 0;
            switch (expression.Operator)
            {
                case "In" or "NotIn":
                    if (valueCount == 0)
                    {
                        errors.Add(FieldError.Required(expressionPath + ".values", "must be specified when `operator` is 'In' or 'NotIn'"));
                    }

                    break;
                case "Exists" or "DoesNotExist":
                    if (valueCount > 0)
                    {
                        errors.Add(FieldError.Forbidden(expressionPath + ".values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    }

                    break;
                case null or "":
                    errors.Add(FieldError.Required(expressionPath + ".operator"));
                    break;
                default:
                    errors.Add(FieldError.Invalid(expressionPath + ".operator", expression.Operator, "not a valid selector operator"));
                    break;
            }

            if (string.IsNullOrEmpty(expression.Key))
            {
                errors.Add(FieldError.Required(expressionPath + ".key"));
            }
            else
            {
                ValidateLabelKey(expression.Key, expressionPath + ".key", errors);
            }

            for (var j = 0; j < valueCount; j++)
            {
                ValidateLabelValue(expression.Values![j], $"{expressionPath}.values[{j}]", errors);
            }
        }
    }

    private static string Child(string path, string name) => path.Length == 0 ? name : path + "." + name;
}
