using System.Buffers;
using System.Text;
using System.Text.Json;
using Orchestrator.ControlPlane.Resources;
using Orchestrator.ControlPlane.Store;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;

namespace Orchestrator.ControlPlane.Api;

/// <summary>
/// A list answer written from the objects' stored JSON as it is, with each one's <c>resourceVersion</c> put into its
/// metadata, instead of reading every object into its type and writing it out again: what the list would be byte for
/// byte but for the place of <c>resourceVersion</c> within <c>metadata</c>. For lists that filter nothing after the
/// store (no label selector, at most a field selector the store's index answers) of kinds stored as their plain JSON.
/// </summary>
internal static class StoredJsonList
{
    private static readonly byte[] ResourceVersionProperty = Encoding.UTF8.GetBytes("\"resourceVersion\":");

    public static byte[] Write(ResourceKind kind, IReadOnlyList<StoredObject> items, ListMeta metadata)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + items.Sum(i => i.Json.Length + 40));
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("apiVersion", kind.ApiVersion);
            writer.WriteString("kind", kind.Kind + "List");
            writer.WritePropertyName("metadata");
            JsonSerializer.Serialize(writer, metadata, KubeJsonContext.Default.ListMeta);
            writer.WritePropertyName("items");
            writer.WriteStartArray();
            foreach (var item in items)
            {
                writer.WriteRawValue(WithResourceVersion(item.Json, item.ResourceVersion), skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The object's JSON with <c>"resourceVersion"</c> as the first member of its top-level <c>metadata</c>.</summary>
    internal static byte[] WithResourceVersion(byte[] json, string resourceVersion)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        while (reader.Read() && reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMetadata = reader.ValueTextEquals("metadata"u8);
            reader.Read();
            if (isMetadata && reader.TokenType == JsonTokenType.StartObject)
            {
                var open = (int)reader.TokenStartIndex + 1;
                reader.Read();
                var empty = reader.TokenType == JsonTokenType.EndObject;
                var value = JsonEncodedText.Encode(resourceVersion).EncodedUtf8Bytes;
                var result = new byte[json.Length + ResourceVersionProperty.Length + value.Length + 2 + (empty ? 0 : 1)];
                var span = result.AsSpan();
                json.AsSpan(0, open).CopyTo(span);
                var at = open;
                ResourceVersionProperty.CopyTo(span[at..]);
                at += ResourceVersionProperty.Length;
                span[at++] = (byte)'"';
                value.CopyTo(span[at..]);
                at += value.Length;
                span[at++] = (byte)'"';
                if (!empty)
                {
                    span[at++] = (byte)',';
                }

                json.AsSpan(open).CopyTo(span[at..]);
                return result;
            }

            reader.TrySkip();
        }

        throw new InvalidDataException("A stored object has no metadata object.");
    }
}
