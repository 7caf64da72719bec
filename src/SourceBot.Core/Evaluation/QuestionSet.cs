using System.Text.Json;
using System.Text.Json.Serialization;

namespace SourceBot.Core.Evaluation;

/// <summary>One evaluation question: either answerable (with phrases a right quote contains) or out of scope.</summary>
public sealed record EvalQuestion(
    [property: JsonPropertyName("q")] string Question,
    [property: JsonPropertyName("expect")] IReadOnlyList<string>? Expect,
    [property: JsonPropertyName("cite")] IReadOnlyList<string>? Cite,
    [property: JsonPropertyName("out_of_scope")] bool OutOfScope)
{
    public bool Answerable => !OutOfScope;

    /// <summary>The id of the passage that answers it, when the set names one; then a passage hit means that passage.</summary>
    [JsonPropertyName("passage")]
    public string? Passage { get; init; }

    /// <summary>What kind of off-topic question this is ("other-article", "junk", …); refusals are counted per kind.</summary>
    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    /// <summary>The kind refusals are counted under: the set's own, else "off-topic" (or "answerable").</summary>
    [JsonIgnore]
    public string KindOrDefault => Kind is { Length: > 0 } k ? k : OutOfScope ? "off-topic" : "answerable";
}

/// <summary>Reads question sets in the JSON-lines format of the dev set.</summary>
public static class QuestionSet
{
    public static IReadOnlyList<EvalQuestion> Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Question file '{path}' does not exist.", path);
        var questions = new List<EvalQuestion>();
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            EvalQuestion? q;
            try
            {
                q = JsonSerializer.Deserialize<EvalQuestion>(line);
            }
            catch (JsonException ex)
            {
                throw new FormatException($"{path}:{lineNumber}: not a JSON object ({ex.Message}).");
            }
            if (q is null || string.IsNullOrWhiteSpace(q.Question))
                throw new FormatException($"{path}:{lineNumber}: needs a non-empty \"q\".");
            if (!q.OutOfScope && (q.Expect is null || q.Expect.Count == 0))
                throw new FormatException($"{path}:{lineNumber}: an answerable question needs \"expect\" phrases (or \"out_of_scope\": true).");
            // A blank phrase would be "contained" in every quote and count as a hit.
            if ((q.Expect ?? []).Concat(q.Cite ?? []).Any(string.IsNullOrWhiteSpace))
                throw new FormatException($"{path}:{lineNumber}: \"expect\" and \"cite\" phrases must not be null or blank.");
            questions.Add(q);
        }
        if (questions.Count == 0) throw new FormatException($"{path}: has no questions.");
        return questions;
    }

    /// <summary>The dev set's comparison: lower case, straight quotes, collapsed whitespace.</summary>
    public static string Normalize(string text)
    {
        var s = text.ToLowerInvariant()
            .Replace('\u2018', '\'').Replace('\u2019', '\'').Replace('\u201C', '"').Replace('\u201D', '"');
        return string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    public static bool ContainsAny(string? text, IReadOnlyList<string>? phrases)
    {
        if (text is null || phrases is null) return false;
        var n = Normalize(text);
        return phrases.Any(p => n.Contains(Normalize(p), StringComparison.Ordinal));
    }
}
