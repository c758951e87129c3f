namespace Orchestrator.Core.Labels;

/// <summary>One term of a field selector: <c>Field</c>, <c>Operator</c> (<c>"="</c> or <c>"!="</c>) and the unescaped <c>Value</c>.</summary>
public sealed record FieldRequirement(string Field, string Operator, string Value)
{
    public const string EqualOperator = "=";
    public const string NotEqualOperator = "!=";

    /// <summary>True when the field's value (null counts as empty, as Kubernetes does) satisfies this term.</summary>
    public bool Matches(string? fieldValue) =>
        string.Equals(fieldValue ?? "", Value, StringComparison.Ordinal) == (Operator == EqualOperator);

    /// <summary>The query-string form, with ',', '=' and '\' in the value escaped.</summary>
    public override string ToString() => Field + Operator + FieldSelector.EscapeValue(Value);
}
