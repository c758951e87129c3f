namespace Orchestrator.Core.Labels;

/// <summary>One compiled requirement of a <see cref="Selector"/>: a key, an operator and a sorted, distinct set of values.</summary>
public sealed class LabelRequirement
{
    // Above this many values a hash set beats a linear scan.
    private const int LinearScanLimit = 8;

    private readonly string[] _values;
    private readonly HashSet<string>? _valueSet;

    internal LabelRequirement(string key, LabelOperator op, IEnumerable<string> values)
    {
        Key = key;
        Operator = op;
        _values = values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        _valueSet = _values.Length > LinearScanLimit ? new HashSet<string>(_values, StringComparer.Ordinal) : null;
    }

    public string Key { get; }

    public LabelOperator Operator { get; }

    /// <summary>One value for Equal/NotEqual, one or more for In/NotIn, none for Exists/DoesNotExist.</summary>
    public IReadOnlyList<string> Values => _values;

    /// <summary>True when the labels satisfy this requirement; a missing label satisfies NotEqual, NotIn and DoesNotExist.</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        string? value = null;
        var present = labels is not null && labels.TryGetValue(Key, out value);
        return Operator switch
        {
            LabelOperator.Equal or LabelOperator.In => present && Contains(value!),
            LabelOperator.NotEqual or LabelOperator.NotIn => !present || !Contains(value!),
            LabelOperator.Exists => present,
            LabelOperator.DoesNotExist => !present,
            _ => false,
        };
    }

    /// <summary>The query-string form: <c>a=b</c>, <c>a!=b</c>, <c>a in (x,y)</c>, <c>a notin (x)</c>, <c>a</c>, <c>!a</c>.</summary>
    public override string ToString() => Operator switch
    {
        LabelOperator.Equal => Key + "=" + _values[0],
        LabelOperator.NotEqual => Key + "!=" + _values[0],
        LabelOperator.In => Key + " in (" + string.Join(",", _values) + ")",
        LabelOperator.NotIn => Key + " notin (" + string.Join(",", _values) + ")",
        LabelOperator.Exists => Key,
        _ => "!" + Key,
    };

    private bool Contains(string value)
    {
        if (_valueSet is not null)
        {
            return _valueSet.Contains(value);
        }

        foreach (var candidate in _values)
        {
            if (string.Equals(candidate, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
