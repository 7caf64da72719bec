using System.Text.Json;
using System.Text.Json.Serialization;

namespace SourceBot.Core.Answers;

/// <summary>
/// An <see cref="Answer"/> as JSON and back, exactly: every field, scores to the last bit (shortest round-trip form, and NaN or
/// infinities as named literals), enums by name so a reordered enum cannot change a stored answer. Computed properties
/// (<see cref="Answer.Answered"/>, <see cref="Citation.ParsedDate"/>) are left out; they follow from the rest.
/// </summary>
internal static class AnswerJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        IgnoreReadOnlyProperties = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter<AnswerOutcome>(allowIntegerValues: false) },
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return JsonSerializer.Serialize(answer, Options);
    }

    /// <exception cref="JsonException">The text is not an answer written by <see cref="Serialize"/>.</exception>
    public static Answer Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize<Answer>(json, Options) ?? throw new JsonException("The stored answer is JSON null.");
    }
}
