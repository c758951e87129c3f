using System.Globalization;
using System.Text;

namespace Orchestrator.Core.Validation;

/// <summary>
/// One validation error at a field path (<c>spec.template.spec.containers[0].name</c>), rendered with Kubernetes' wording
/// so that it can go into a <c>Status</c> message and cause unchanged.
/// </summary>
public sealed record FieldError(string Path, FieldErrorType Type, string? BadValue, string Detail)
{
    /// <summary>False when <see cref="BadValue"/> is a number or boolean, which Kubernetes prints unquoted.</summary>
    public bool QuoteBadValue { get; init; } = true;

    /// <summary>The Kubernetes <c>StatusCause.reason</c> for this error.</summary>
    public string CauseReason => Type switch
    {
        FieldErrorType.Required => "FieldValueRequired",
        FieldErrorType.Invalid => "FieldValueInvalid",
        FieldErrorType.NotSupported => "FieldValueNotSupported",
        FieldErrorType.Duplicate => "FieldValueDuplicate",
        FieldErrorType.Forbidden => "FieldValueForbidden",
        FieldErrorType.TooLong => "FieldValueTooLong",
        FieldErrorType.TooMany => "FieldValueTooMany",
        _ => "FieldValueInvalid",
    };

    /// <summary>The message without the path, as in a <c>StatusCause.message</c>: <c>Invalid value: -1: must be ...</c>.</summary>
    public string Body
    {
        get
        {
            var text = new StringBuilder(TypeText(Type));
            // Kubernetes omits the value for these types.
            if (BadValue is not null && Type is not (FieldErrorType.Required or FieldErrorType.Forbidden))
            {
                text.Append(": ").Append(QuoteBadValue ? Quote(BadValue) : BadValue);
            }

            if (Detail.Length > 0)
            {
                text.Append(": ").Append(Detail);
            }

            return text.ToString();
        }
    }

    public static FieldError Required(string path, string detail = "") => new(path, FieldErrorType.Required, null, detail);

    public static FieldError Invalid(string path, string? value, string detail) => new(path, FieldErrorType.Invalid, value, detail);

    public static FieldError Invalid(string path, long value, string detail) =>
        new(path, FieldErrorType.Invalid, value.ToString(CultureInfo.InvariantCulture), detail) { QuoteBadValue = false };

    public static FieldError NotSupported(string path, string? value, IEnumerable<string> supported) =>
        new(path, FieldErrorType.NotSupported, value, "supported values: " + string.Join(", ", supported.Select(Quote)));

    public static FieldError Duplicate(string path, string? value) => new(path, FieldErrorType.Duplicate, value, "");

    public static FieldError Forbidden(string path, string detail) => new(path, FieldErrorType.Forbidden, null, detail);

    public static FieldError TooLong(string path, long maxBytes) => new(path, FieldErrorType.TooLong, null, $"may not be more than {maxBytes} bytes");

    public static FieldError TooMany(string path, long actual, long max) =>
        new(path, FieldErrorType.TooMany, actual.ToString(CultureInfo.InvariantCulture), $"must have at most {max} items") { QuoteBadValue = false };

    /// <summary>Renders the Kubernetes form: <c>path: Type text: value: detail</c>.</summary>
    public override string ToString() => Path + ": " + Body;

    private static string TypeText(FieldErrorType type) => type switch
    {
        FieldErrorType.Required => "Required value",
        FieldErrorType.Invalid => "Invalid value",
        FieldErrorType.NotSupported => "Unsupported value",
        FieldErrorType.Duplicate => "Duplicate value",
        FieldErrorType.Forbidden => "Forbidden",
        FieldErrorType.TooLong => "Too long",
        FieldErrorType.TooMany => "Too many",
        _ => "Invalid value",
    };

    private static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        return text.Append('"').ToString();
    }
}
