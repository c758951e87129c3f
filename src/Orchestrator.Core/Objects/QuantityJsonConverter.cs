using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Core.Objects;

/// <summary>Reads a quantity written as a JSON string or number; validation reports the ones that do not parse.</summary>
internal sealed class QuantityJsonConverter : JsonConverter<Quantity>
{
    public override Quantity? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => new Quantity(reader.GetString()!),
            JsonTokenType.Number => new Quantity(reader.GetDecimal().ToString(CultureInfo.InvariantCulture)),
            _ => throw new JsonException("must be a quantity string such as \"250m\" or \"128Mi\""),
        };

    public override void Write(Utf8JsonWriter writer, Quantity value, JsonSerializerOptions options) => writer.WriteStringValue(value.Text);
}
