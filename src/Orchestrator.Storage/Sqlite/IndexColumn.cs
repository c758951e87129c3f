using System.Buffers;
using System.Text;
using System.Text.Json;
using Orchestrator.ControlPlane.Store;

namespace Orchestrator.Storage.Sqlite;

/// <summary>An object's index entries as the <c>indexes</c> column holds them: a JSON array of <c>[index, value]</c> pairs.</summary>
internal static class IndexColumn
{
    public static string Encode(IReadOnlyList<IndexEntry> entries)
    {
        if (entries.Count == 0)
        {
            return "[]";
        }

        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var entry in entries)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(entry.Index);
                writer.WriteStringValue(entry.Value);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static IReadOnlyList<IndexEntry> Decode(string encoded)
    {
        if (encoded.Length <= 2)
        {
            return [];
        }

        var entries = new List<IndexEntry>(2);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(encoded));
        Expect(ref reader, JsonTokenType.StartArray);
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            Expect(ref reader, JsonTokenType.String);
            var index = reader.GetString()!;
            Expect(ref reader, JsonTokenType.String);
            var value = reader.GetString()!;
            Expect(ref reader, JsonTokenType.EndArray);
            entries.Add(new IndexEntry(index, value));
        }

        return reader.TokenType == JsonTokenType.EndArray ? entries : throw Malformed();
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw Malformed();
        }
    }

    private static InvalidDataException Malformed() => new("The index entries of a stored object are malformed.");
}
