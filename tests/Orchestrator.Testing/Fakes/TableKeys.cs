using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Orchestrator.Testing.Fakes;

/// <summary>
/// The row keys of the Table Storage store (<c>Orchestrator.Storage.ObjectRowKeys</c> and <c>TableKey</c>), rebuilt here
/// so that the in-memory store lists in the same order and refuses the same continue tokens.
/// </summary>
internal static class TableKeys
{
    private const char Separator = '~';

    public static string Primary(string resource, string ns, string name) => Join("o", Escape(resource), Escape(ns), Escape(name));

    public static string Index(string index, string value, string resource, string ns, string name) =>
        Join("i", Escape(index), Escape(value), Escape(resource), Escape(ns), Escape(name));

    /// <summary>The prefix (ending with the separator) that selects a resource's primary rows, optionally of one namespace.</summary>
    public static string PrimaryPrefix(string resource, string? ns) =>
        ns is null ? Join("o", Escape(resource), "") : Join("o", Escape(resource), Escape(ns), "");

    /// <summary>The prefix (ending with the separator) that selects a resource's rows under one index entry, optionally of one namespace.</summary>
    public static string IndexPrefix(string index, string value, string resource, string? ns) =>
        ns is null
            ? Join("i", Escape(index), Escape(value), Escape(resource), "")
            : Join("i", Escape(index), Escape(value), Escape(resource), Escape(ns), "");

    /// <summary>A continue token: the base64url of the last row key returned.</summary>
    public static string EncodeContinue(string rowKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(rowKey));

    /// <summary>The row key of a continue token; <see cref="ArgumentException"/> when it is malformed or belongs to another list, as in the real store.</summary>
    public static string DecodeContinue(string token, string prefix)
    {
        if (!Base64Url.IsValid(token))
        {
            throw new ArgumentException("The continue token is malformed.", nameof(token));
        }

        var rowKey = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        return rowKey.StartsWith(prefix, StringComparison.Ordinal)
            ? rowKey
            : throw new ArgumentException("The continue token belongs to another list.", nameof(token));
    }

    public static string Escape(string component)
    {
        ArgumentNullException.ThrowIfNull(component);
        var builder = new StringBuilder(component.Length);
        for (var i = 0; i < component.Length; i++)
        {
            var c = component[i];
            if (!NeedsEscape(component, i))
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

    private static string Join(params ReadOnlySpan<string> components) => string.Join(Separator, components);

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
}
