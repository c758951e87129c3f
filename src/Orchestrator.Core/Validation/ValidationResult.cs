namespace Orchestrator.Core.Validation;

/// <summary>The outcome of validating an object: field errors (the object is rejected) and warnings (it is accepted).</summary>
public sealed class ValidationResult
{
    public ValidationResult(IReadOnlyList<FieldError> errors, IReadOnlyList<string> warnings)
    {
        Errors = errors;
        Warnings = warnings;
    }

    public IReadOnlyList<FieldError> Errors { get; }

    /// <summary>Texts for <c>Warning</c> response headers, e.g. fields that are kept but not implemented.</summary>
    public IReadOnlyList<string> Warnings { get; }

    public bool IsValid => Errors.Count == 0;

    /// <summary>The Kubernetes summary of the errors: <c>[a: Required value, b: Invalid value: ...]</c>, or the one error alone.</summary>
    public string ErrorSummary => Errors.Count == 1 ? Errors[0].ToString() : "[" + string.Join(", ", Errors) + "]";
}
