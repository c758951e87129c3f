using System.Globalization;
using System.Text.Json.Serialization;

namespace Orchestrator.Core.Objects;

/// <summary>A Kubernetes <c>IntOrString</c>: an absolute number (<c>1</c>) or a percentage (<c>"25%"</c>).</summary>
[JsonConverter(typeof(IntOrStringJsonConverter))]
public sealed record IntOrString
{
    private IntOrString(int? number, string? text)
    {
        Number = number;
        Text = text;
    }

    public int? Number { get; }

    public string? Text { get; }

    public static IntOrString FromInt(int value) => new(value, null);

    public static IntOrString FromString(string value) => new(null, value);

    /// <summary>True for a string of the form <c>NN%</c>.</summary>
    public bool IsPercent => Text is { Length: > 1 } t && t[^1] == '%' && int.TryParse(t.AsSpan(0, t.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out _);

    /// <summary>Resolves against a total as Kubernetes does: percentages rounded up or down as asked.</summary>
    public int Resolve(int total, bool roundUp)
    {
        if (Number is int n)
        {
            return n;
        }

        if (!IsPercent)
        {
            throw new FormatException($"'{Text}' is not a number or a percentage");
        }

        var percent = int.Parse(Text.AsSpan(0, Text!.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture);
        var scaled = (long)percent * total;
        return (int)(roundUp ? (scaled + 99) / 100 : scaled / 100);
    }

    public override string ToString() => Number?.ToString(CultureInfo.InvariantCulture) ?? Text ?? "";
}
