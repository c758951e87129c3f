using System.Globalization;
using System.Text.Json.Serialization;

namespace Orchestrator.Core.Objects;

/// <summary>
/// A Kubernetes resource quantity (<c>250m</c>, <c>1.5</c>, <c>128Mi</c>, <c>1G</c>, <c>1e3</c>). The text is kept
/// as written; <see cref="IsValid"/> tells whether it parses, so validation can name the field that does not.
/// </summary>
[JsonConverter(typeof(QuantityJsonConverter))]
public sealed class Quantity : IEquatable<Quantity>
{
    /// <summary>The grammar, as the Kubernetes API states it in its error messages.</summary>
    public const string Grammar = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

    private readonly decimal? _value;

    public Quantity(string text)
    {
        Text = text;
        _value = TryParseValue(text, out var value) ? value : null;
    }

    /// <summary>The quantity as written.</summary>
    public string Text { get; }

    public bool IsValid => _value is not null;

    /// <summary>The exact value in base units (cores, bytes, pods).</summary>
    public decimal Value => _value ?? throw new FormatException($"'{Text}' is not a valid quantity: quantities must match the regular expression '{Grammar}'");

    /// <summary>The value in thousandths, rounded up as Kubernetes does for <c>MilliValue()</c>.</summary>
    public long MilliValue => (long)Math.Ceiling(Value * 1000m);

    public static Quantity FromMilli(long milli) =>
        milli % 1000 == 0 ? new((milli / 1000).ToString(CultureInfo.InvariantCulture)) : new(milli.ToString(CultureInfo.InvariantCulture) + "m");

    public static Quantity FromNumber(long value) => new(value.ToString(CultureInfo.InvariantCulture));

    public static bool TryParseValue(string text, out decimal value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text) || text.Length > 64)
        {
            return false;
        }

        var span = text.AsSpan();
        var sign = 1m;
        if (span[0] is '+' or '-')
        {
            sign = span[0] == '-' ? -1m : 1m;
            span = span[1..];
        }

        var end = 0;
        var dots = 0;
        while (end < span.Length && (char.IsAsciiDigit(span[end]) || span[end] == '.'))
        {
            dots += span[end] == '.' ? 1 : 0;
            end++;
        }

        var number = span[..end];
        if (number.Length == 0 || dots > 1 || number is "." || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var mantissa))
        {
            return false;
        }

        if (!TryScale(span[end..], out var scale))
        {
            return false;
        }

        try
        {
            value = sign * mantissa * scale;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static bool TryScale(ReadOnlySpan<char> suffix, out decimal scale)
    {
        scale = suffix switch
        {
            "" => 1m,
            "n" => 0.000000001m,
            "u" => 0.000001m,
            "m" => 0.001m,
            "k" => 1_000m,
            "M" => 1_000_000m,
            "G" => 1_000_000_000m,
            "T" => 1_000_000_000_000m,
            "P" => 1_000_000_000_000_000m,
            "E" => 1_000_000_000_000_000_000m,
            "Ki" => 1024m,
            "Mi" => 1024m * 1024,
            "Gi" => 1024m * 1024 * 1024,
            "Ti" => 1024m * 1024 * 1024 * 1024,
            "Pi" => 1024m * 1024 * 1024 * 1024 * 1024,
            "Ei" => 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
            _ => 0m,
        };
        if (scale != 0m)
        {
            return true;
        }

        // Decimal exponent: e3, E-2, e+6.
        if (suffix.Length >= 2 && suffix[0] is 'e' or 'E' &&
            int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent) &&
            exponent is >= -18 and <= 18)
        {
            scale = 1m;
            for (var i = 0; i < Math.Abs(exponent); i++)
            {
                scale = exponent > 0 ? scale * 10m : scale / 10m;
            }

            return true;
        }

        return false;
    }

    public bool Equals(Quantity? other) => other is not null && (IsValid && other.IsValid ? Value == other.Value : Text == other.Text);

    public override bool Equals(object? obj) => Equals(obj as Quantity);

    public override int GetHashCode() => IsValid ? Value.GetHashCode() : Text.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Text;
}
