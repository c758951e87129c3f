using System.Buffers.Text;
using System.Text;

namespace Orchestrator.Storage;

/// <summary>A list continue token is the base64url of the last row key returned; the next page starts after it.</summary>
internal static class ContinueTokens
{
    public static string Encode(string rowKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(rowKey));

    /// <summary>Decodes a token and checks that it belongs to the range <paramref name="prefix"/> selects.</summary>
    public static string Decode(string token, string prefix)
    {
        if (!Base64Url.IsValid(token))
        {
            throw new ArgumentException("The continue token is malformed.", nameof(token));
        }

        var rowKey = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        if (!rowKey.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException("The continue token belongs to another list.", nameof(token));
        }

        return rowKey;
    }
}
