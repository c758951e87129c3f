using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Core.Objects;
using Orchestrator.Core.Serialization;

namespace Orchestrator.Core.Controllers;

/// <summary>
/// The <c>pod-template-hash</c> of a Deployment's template, and template equality ignoring that label. Both work on a
/// canonical JSON form: keys sorted, nulls and empty objects or arrays left out (Kubernetes' semantic equality treats
/// empty and unset alike), so that a round trip through the store never changes the hash.
/// </summary>
internal static class PodTemplateHash
{
    public const string LabelKey = "pod-template-hash";

    internal const uint FnvOffsetBasis = 2166136261;
    private const uint FnvPrime = 16777619;

    /// <summary>
    /// FNV-32a over the canonical template (then, when set, the collision count as eight little-endian bytes, as
    /// Kubernetes' <c>ComputeHash</c>), its decimal digits rendered through <c>SafeEncodeString</c>.
    /// </summary>
    public static string Compute(PodTemplateSpec? template, int? collisionCount)
    {
        var hash = Fnv32a(FnvOffsetBasis, Canonical(template, withoutHashLabel: false));
        if (collisionCount is int count)
        {
            Span<byte> bytes = stackalloc byte[8];
            bytes.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, unchecked((uint)count));
            hash = Fnv32a(hash, bytes);
        }

        return GeneratedNames.SafeEncode(hash.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A key that is equal for two templates exactly when they are equal ignoring <c>pod-template-hash</c>.</summary>
    public static string EqualityKey(PodTemplateSpec? template) =>
        Encoding.UTF8.GetString(Canonical(template, withoutHashLabel: true));

    internal static uint Fnv32a(uint hash, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            hash ^= b;
            hash = unchecked(hash * FnvPrime);
        }

        return hash;
    }

    private static byte[] Canonical(PodTemplateSpec? template, bool withoutHashLabel)
    {
        // The context knows ReplicaSet, not PodTemplateSpec: serialize one around the template and take it back out.
        var wrapper = new ReplicaSet { Spec = new ReplicaSetSpec { Template = template } };
        var node = JsonSerializer.SerializeToNode(wrapper, KubeJsonContext.Default.ReplicaSet)?["spec"]?["template"];
        if (withoutHashLabel && node?["metadata"]?["labels"] is JsonObject labels)
        {
            labels.Remove(LabelKey);
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(static p => p.Key, StringComparer.Ordinal))
                {
                    if (!IsEmpty(value))
                    {
                        writer.WritePropertyName(key);
                        Write(writer, value);
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    private static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonObject obj => obj.All(static p => IsEmpty(p.Value)),
        JsonArray array => array.Count == 0,
        JsonValue value => value.GetValueKind() == JsonValueKind.Null,
        _ => false,
    };
}
