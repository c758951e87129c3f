using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Storage.Sqlite;

/// <summary>
/// A list's continue token: base64url of the JSON <c>{"list": …, "namespace": …, "name": …}</c>, the list it belongs
/// to and the last key returned; the next page starts after that key. A token of another list is refused.
/// </summary>
internal static class SqliteContinueToken
{
    public static string Encode(ObjectListQuery query, string lastNamespace, string lastName)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("list", ListOf(query));
            writer.WriteString("namespace", lastNamespace);
            writer.WriteString("name", lastName);
            writer.WriteEndObject();
        }

        return Base64Url.EncodeToString(buffer.WrittenSpan);
    }

    /// <summary>The last key of the page the token continues.</summary>
    /// <exception cref="ArgumentException">The token is malformed or belongs to another list.</exception>
    public static (string Namespace, string Name) Decode(ObjectListQuery query, string token)
    {
        if (!Base64Url.IsValid(token))
        {
            throw new ArgumentException("The continue token is malformed.", nameof(token));
        }

        string? list = null, ns = null, name = null;
        try
        {
            using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(token));
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                switch (property.Name)
                {
                    case "list":
                        list = value;
                        break;
                    case "namespace":
                        ns = value;
                        break;
                    case "name":
                        name = value;
                        break;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new ArgumentException("The continue token is malformed.", nameof(token), e);
        }

        if (list != ListOf(query) || ns is null || name is null)
        {
            throw new ArgumentException("The continue token belongs to another list.", nameof(token));
        }

        return (ns, name);
    }

    // Everything that selects the rows, NUL-separated (no key or index component holds a NUL).
    private static string ListOf(ObjectListQuery query) =>
        string.Join('\0', query.Resource, query.Namespace ?? "\u0001", query.Index?.Index ?? "", query.Index?.Value ?? "");
}
