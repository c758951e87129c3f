namespace Orchestrator.Core.Validation;

/// <summary>The kind of a validation error, as Kubernetes' <c>field.ErrorType</c>.</summary>
public enum FieldErrorType
{
    Required,
    Invalid,
    NotSupported,
    Duplicate,
    Forbidden,
    TooLong,
    TooMany,
}
