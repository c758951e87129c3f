using System.Text.Json;

namespace Orchestrator.Core.Validation;

/// <summary>Collects the errors and warnings of one validation pass.</summary>
internal sealed class ValidationFindings
{
    public List<FieldError> Errors { get; } = [];

    public List<string> Warnings { get; } = [];

    public void Add(FieldError error) => Errors.Add(error);

    /// <summary>Warns about a Kubernetes field that is kept but not implemented, when it is present.</summary>
    public void NotImplemented(string path, JsonElement? value)
    {
        if (IsPresent(value))
        {
            Warnings.Add(path + ": not implemented by Orchestrator; the field is kept but has no effect");
        }
    }

    public static bool IsPresent(JsonElement? value) => value is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) };

    public void NonNegative(string path, long? value)
    {
        if (value < 0)
        {
            Errors.Add(FieldError.Invalid(path, value.Value, "must be greater than or equal to 0"));
        }
    }

    /// <summary>Checks an optional enum-like string: absent is left to defaulting, empty is required, others must be listed.</summary>
    public void OneOf(string path, string? value, params string[] supported)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length == 0)
        {
            Errors.Add(FieldError.Required(path));
        }
        else if (Array.IndexOf(supported, value) < 0)
        {
            Errors.Add(FieldError.NotSupported(path, value, supported));
        }
    }

    public void Name(string path, string value, Func<string, IReadOnlyList<string>> rule)
    {
        foreach (var message in rule(value))
        {
            Errors.Add(FieldError.Invalid(path, value, message));
        }
    }

    public ValidationResult ToResult() => new(Errors, Warnings);
}
