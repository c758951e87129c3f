using Orchestrator.Core.Objects;
using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Labels;

/// <summary>
/// A compiled, immutable label selector with Kubernetes semantics: all requirements ANDed, an empty selector matches
/// everything. Build it from a <see cref="LabelSelector"/> or the <c>labelSelector</c> query string; matching does not allocate.
/// </summary>
public sealed class Selector : IEquatable<Selector>
{
    private readonly LabelRequirement[] _requirements;
    private string? _text;

    internal Selector(LabelRequirement[] requirements)
    {
        // Sorted so that ToString and equality are canonical, as Kubernetes renders them.
        Array.Sort(requirements, static (a, b) =>
        {
            var byKey = string.CompareOrdinal(a.Key, b.Key);
            return byKey != 0 ? byKey : a.Operator.CompareTo(b.Operator);
        });
        _requirements = requirements;
    }

    /// <summary>The selector that matches every label set.</summary>
    public static Selector Everything { get; } = new([]);

    /// <summary>True when the selector has no requirements and so matches everything.</summary>
    public bool IsEmpty => _requirements.Length == 0;

    public IReadOnlyList<LabelRequirement> Requirements => _requirements;

    /// <summary>True when every requirement holds for <paramref name="labels"/> (null counts as no labels).</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        foreach (var requirement in _requirements)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An equality selector for exactly these labels (as <c>matchLabels</c>); keys and values are not re-validated.</summary>
    public static Selector FromLabels(IReadOnlyDictionary<string, string>? labels) =>
        labels is null || labels.Count == 0
            ? Everything
            : new(labels.Select(static pair => new LabelRequirement(pair.Key, LabelOperator.Equal, [pair.Value])).ToArray());

    /// <summary>Compiles the object form. Null or <c>{}</c> matches everything, as in Kubernetes.</summary>
    public static bool TryFromLabelSelector(LabelSelector? selector, out Selector result, out string? error)
    {
        result = Everything;
        error = null;
        if (selector is null || (selector.MatchLabels is not { Count: > 0 } && selector.MatchExpressions is not { Count: > 0 }))
        {
            return true;
        }

        var errors = new List<FieldError>();
        LabelValidation.ValidateLabelSelector(selector, "", errors);
        if (errors.Count > 0)
        {
            error = string.Join("; ", errors);
            return false;
        }

        var requirements = new List<LabelRequirement>();
        foreach (var (key, value) in selector.MatchLabels ?? [])
        {
            requirements.Add(new LabelRequirement(key, LabelOperator.Equal, [value]));
        }

        foreach (var expression in selector.MatchExpressions ?? [])
        {
            var op = expression.Operator switch
            {
                "In" => LabelOperator.In,
                "NotIn" => LabelOperator.NotIn,
                "Exists" => LabelOperator.Exists,
                _ => LabelOperator.DoesNotExist,
            };
            requirements.Add(new LabelRequirement(expression.Key!, op, expression.Values ?? []));
        }

        result = new Selector([.. requirements]);
        return true;
    }

    /// <summary>Compiles the object form, throwing <see cref="FormatException"/> when it is invalid.</summary>
    public static Selector FromLabelSelector(LabelSelector? selector) =>
        TryFromLabelSelector(selector, out var result, out var error) ? result : throw new FormatException(error);

    /// <summary>Parses the <c>labelSelector</c> query-string syntax: <c>a=b,c!=d,e in (x,y),f notin (z),g,!h</c>.</summary>
    public static bool TryParse(string? query, out Selector result, out string? error) => SelectorParser.TryParse(query, out result, out error);

    /// <summary>Parses the query-string syntax, throwing <see cref="FormatException"/> when it is invalid.</summary>
    public static Selector Parse(string? query) =>
        TryParse(query, out var result, out var error) ? result : throw new FormatException(error);

    /// <summary>The canonical query-string form, requirements sorted by key; empty for <see cref="Everything"/>.</summary>
    public override string ToString() => _text ??= string.Join(",", _requirements.Select(static r => r.ToString()));

    public bool Equals(Selector? other) => other is not null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as Selector);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
