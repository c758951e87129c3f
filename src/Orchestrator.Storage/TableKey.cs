using System.Globalization;
using System.Text;

namespace Orchestrator.Storage;

/// <summary>
/// Escapes key components so that a component never contains a character Azure refuses in PartitionKey or RowKey
/// (<c>/ \ # ?</c>, U+0000–U+001F, U+007F–U+009F), nor the separator <c>~</c>, nor a lone surrogate.
/// </summary>
/// <remarks>
/// Escaping is percent-style: <c>%XX</c> for characters below U+0100 and <c>%uXXXX</c> for lone surrogates. Because a
/// component never contains a raw <c>~</c>, a prefix that ends with <c>~</c> selects exactly the rows whose leading
/// components are equal, and <see cref="UpperBound"/> turns it into a <c>ge</c>/<c>lt</c> range (Azurite has no
/// <c>startswith</c>).
/// </remarks>
internal static class TableKey
{
    public const char Separator = '~';

    public static string Escape(string component)
    {
        ArgumentNullException.ThrowIfNull(component);

        var index = 0;
        while (index < component.Length && !NeedsEscape(component, index))
        {
            index++;
        }

        if (index == component.Length)
        {
            return component;
        }

        var builder = new StringBuilder(component.Length + 8);
        builder.Append(component, 0, index);
        for (; index < component.Length; index++)
        {
            var c = component[index];
            if (!NeedsEscape(component, index))
            {
                builder.Append(c);
            }
            else if (c < 0x100)
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append("%u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    public static string Unescape(string escaped)
    {
        ArgumentNullException.ThrowIfNull(escaped);
        if (!escaped.Contains('%', StringComparison.Ordinal))
        {
            return escaped;
        }

        var builder = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            var c = escaped[i];
            if (c != '%')
            {
                builder.Append(c);
                continue;
            }

            if (i + 1 < escaped.Length && escaped[i + 1] == 'u')
            {
                builder.Append((char)ParseHex(escaped, i + 2, 4));
                i += 5;
            }
            else
            {
                builder.Append((char)ParseHex(escaped, i + 1, 2));
                i += 2;
            }
        }

        return builder.ToString();
    }

    /// <summary>Joins already escaped components with the separator.</summary>
    public static string Join(params ReadOnlySpan<string> escapedComponents) => string.Join(Separator, escapedComponents);

    /// <summary>The exclusive upper bound of the keys that start with <paramref name="prefix"/>: its last character plus one.</summary>
    public static string UpperBound(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return string.Concat(prefix.AsSpan(0, prefix.Length - 1), [(char)(prefix[^1] + 1)]);
    }

    private static bool NeedsEscape(string s, int index)
    {
        var c = s[index];
        switch (c)
        {
            case '%' or Separator or '/' or '\\' or '#' or '?':
            case <= '\u001F':
            case >= '\u007F' and <= '\u009F':
                return true;
        }

        if (char.IsHighSurrogate(c))
        {
            return index + 1 >= s.Length || !char.IsLowSurrogate(s[index + 1]);
        }

        return char.IsLowSurrogate(c) && (index == 0 || !char.IsHighSurrogate(s[index - 1]));
    }

    private static int ParseHex(string s, int start, int length)
    {
        if (start + length > s.Length
            || !int.TryParse(s.AsSpan(start, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            throw new FormatException("Malformed escape in a stored key.");
        }

        return value;
    }
}
