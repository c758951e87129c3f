using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Core.Objects;

/// <summary>Reads a JSON number or string into an <see cref="IntOrString"/>.</summary>
internal sealed class IntOrStringJsonConverter : JsonConverter<IntOrString>
{
    public override IntOrString? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number when reader.TryGetInt32(out var n) => IntOrString.FromInt(n),
            JsonTokenType.String => IntOrString.FromString(reader.GetString()!),
            _ => throw new JsonException("must be an integer or a string"),
        };

    public override void Write(Utf8JsonWriter writer, IntOrString value, JsonSerializerOptions options)
    {
        if (value.Number is int n)
        {
            writer.WriteNumberValue(n);
        }
        else
        {
            writer.WriteStringValue(value.Text);
        }
    }
}
