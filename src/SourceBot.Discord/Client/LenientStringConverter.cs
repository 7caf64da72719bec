using System.Text.Json;
using System.Text.Json.Serialization;

namespace SourceBot.Discord.Client;

/// <summary>
/// Reads a string field from whatever scalar Discord sends there. The documentation shows the same field as a number in one
/// place and a string in another (a component's <c>id</c>), and modal values as booleans (a checkbox's <c>value</c>), so a
/// string property takes a string, a number (its JSON text) or a boolean ("true"/"false"); an object or array is skipped and
/// reads as null. One unexpected shape must not fail the whole event.
/// </summary>
internal sealed class LenientStringConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan);
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                reader.Skip();
                return null;
            default:
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
