using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Orchestrator.Core.Labels;

/// <summary>
/// A parsed Kubernetes <c>fieldSelector</c>: comma-separated <c>field=value</c>, <c>field==value</c> and <c>field!=value</c>
/// terms, ANDed. Each resource declares the fields it supports; others are rejected by name.
/// </summary>
public sealed class FieldSelector
{
    private readonly FieldRequirement[] _requirements;

    private FieldSelector(FieldRequirement[] requirements) => _requirements = requirements;

    /// <summary>The selector with no terms, which matches everything.</summary>
    public static FieldSelector Everything { get; } = new([]);

    public IReadOnlyList<FieldRequirement> Requirements => _requirements;

    public bool IsEmpty => _requirements.Length == 0;

    /// <summary>
    /// Parses <paramref name="query"/>; a field not in <paramref name="supportedFields"/> fails with
    /// <c>field label not supported: &lt;field&gt;</c>. Values may escape ',', '=' and '\' with '\'.
    /// </summary>
    public static bool TryParse(string? query, IReadOnlySet<string> supportedFields, out FieldSelector result, out string? error)
    {
        result = Everything;
        error = null;
        if (string.IsNullOrWhiteSpace(query))
        {
            return true;
        }

        var requirements = new List<FieldRequirement>();
        foreach (var term in SplitTerms(query))
        {
            if (term.Length == 0)
            {
                continue;
            }

            if (!TrySplitTerm(term, out var field, out var op, out var rawValue))
            {
                error = $"invalid selector: '{query}'; can't understand '{term}'";
                return false;
            }

            field = field.Trim();
            if (field.Length == 0)
            {
                error = $"invalid selector: '{query}'; missing field name in '{term}'";
                return false;
            }

            if (!supportedFields.Contains(field))
            {
                error = $"field label not supported: {field}";
                return false;
            }

            if (!TryUnescapeValue(rawValue, out var value, out var valueError))
            {
                error = $"invalid selector: '{query}'; {valueError} in '{term}'";
                return false;
            }

            requirements.Add(new FieldRequirement(field, op, value));
        }

        result = requirements.Count == 0 ? Everything : new FieldSelector([.. requirements]);
        return true;
    }

    /// <summary>True when every term holds; <paramref name="fieldValue"/> returns the object's value of a field (null counts as empty).</summary>
    public bool Matches(Func<string, string?> fieldValue)
    {
        foreach (var requirement in _requirements)
        {
            if (!requirement.Matches(fieldValue(requirement.Field)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value of the first <c>=</c> term on <paramref name="field"/>, used to route a query to an index.</summary>
    public bool TryGetExact(string field, [MaybeNullWhen(false)] out string value)
    {
        foreach (var requirement in _requirements)
        {
            if (requirement.Operator == FieldRequirement.EqualOperator && string.Equals(requirement.Field, field, StringComparison.Ordinal))
            {
                value = requirement.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>The query-string form, terms in the order given.</summary>
    public override string ToString() => string.Join(",", _requirements.Select(static r => r.ToString()));

    internal static string EscapeValue(string value)
    {
        if (value.AsSpan().IndexOfAny('\\', ',', '=') < 0)
        {
            return value;
        }

        var text = new StringBuilder(value.Length + 4);
        foreach (var c in value)
        {
            if (c is '\\' or ',' or '=')
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.ToString();
    }

    private static List<string> SplitTerms(string query)
    {
        var terms = new List<string>();
        var start = 0;
        for (var i = 0; i < query.Length; i++)
        {
            if (query[i] == '\\')
            {
                i++;
            }
            else if (query[i] == ',')
            {
                terms.Add(query[start..i]);
                start = i + 1;
            }
        }

        terms.Add(query[start..]);
        return terms;
    }

    private static bool TrySplitTerm(string term, out string field, out string op, out string value)
    {
        for (var i = 0; i < term.Length; i++)
        {
            if (term[i] == '\\')
            {
                i++;
                continue;
            }

            // Longest operators first, as Kubernetes does: "!=", "==", then "=".
            var length = term.AsSpan(i).StartsWith("!=") ? 2 : term.AsSpan(i).StartsWith("==") ? 2 : term[i] == '=' ? 1 : 0;
            if (length > 0)
            {
                field = term[..i];
                op = term[i] == '!' ? FieldRequirement.NotEqualOperator : FieldRequirement.EqualOperator;
                value = term[(i + length)..];
                return true;
            }
        }

        field = op = value = "";
        return false;
    }

    private static bool TryUnescapeValue(string raw, out string value, out string? error)
    {
        value = raw;
        error = null;
        if (raw.AsSpan().IndexOfAny('\\', ',', '=') < 0)
        {
            return true;
        }

        var text = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\\')
            {
                if (i + 1 >= raw.Length || raw[i + 1] is not ('\\' or ',' or '='))
                {
                    error = "invalid escape sequence";
                    return false;
                }

                text.Append(raw[++i]);
            }
            else if (c is ',' or '=')
            {
                error = $"unescaped '{c}' in value";
                return false;
            }
            else
            {
                text.Append(c);
            }
        }

        value = text.ToString();
        return true;
    }
}
