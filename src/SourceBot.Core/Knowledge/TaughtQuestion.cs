using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SourceBot.Core.Knowledge;

/// <summary>
/// A question a moderator taught: the passage that answers it, or none when the sources do not cover it ("not covered").
/// Kept in the knowledge folder (<see cref="TaughtFile.FileName"/>), so it is versioned, published and rolled back with the
/// sources and is part of <see cref="KnowledgeBase.Hash"/>.
/// </summary>
/// <param name="Id">Stable id, "t1", "t2", ...; never reused.</param>
/// <param name="PassageId">The answering passage, or null for "not covered".</param>
/// <param name="ById">Opaque id of the moderator (a Discord user id, or a login name on the command line).</param>
public sealed record TaughtQuestion(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("q")] string Question,
    [property: JsonPropertyName("passage")] string? PassageId,
    [property: JsonPropertyName("by")] string ById,
    [property: JsonPropertyName("by_name")] string ByName,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("why")] string? Why = null)
{
    [JsonIgnore]
    public bool NotCovered => PassageId is null;
}

/// <summary>
/// Reads and writes <c>taught.jsonl</c>: one taught question per line as a JSON object
/// (<c>{"id":"t1","q":"…","passage":"003#p4","by":"…","by_name":"…","at":"2026-11-23T17:00:00+00:00","why":"…"}</c>),
/// readable and diffable, so taught questions can also be reviewed in a pull request. Not a <c>.md</c> file, so tools that
/// read only sources skip it.
/// </summary>
public static class TaughtFile
{
    public const string FileName = "taught.jsonl";

    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The taught questions of a knowledge folder; none when the file does not exist.</summary>
    public static ImmutableArray<TaughtQuestion> Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        return File.Exists(path) ? Parse(File.ReadAllText(path, Encoding.UTF8), path) : [];
    }

    public static ImmutableArray<TaughtQuestion> Parse(string text, string origin = FileName)
    {
        var list = ImmutableArray.CreateBuilder<TaughtQuestion>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        int lineNumber = 0;
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF').Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0) continue;
            TaughtQuestion? t;
            try
            {
                t = JsonSerializer.Deserialize<TaughtQuestion>(line, Json);
            }
            catch (JsonException ex)
            {
                throw new KnowledgeFormatException($"{origin} line {lineNumber}: not a taught question in JSON ({ex.Message}).");
            }
            if (t is null || string.IsNullOrWhiteSpace(t.Id) || string.IsNullOrWhiteSpace(t.Question) || string.IsNullOrWhiteSpace(t.ById))
                throw new KnowledgeFormatException($"{origin} line {lineNumber}: a taught question needs \"id\", \"q\" and \"by\".");
            if (!ids.Add(t.Id))
                throw new KnowledgeFormatException($"{origin} line {lineNumber}: taught question id '{t.Id}' appears twice.");
            list.Add(t with { ByName = string.IsNullOrWhiteSpace(t.ByName) ? t.ById : t.ByName });
        }
        return list.ToImmutable();
    }

    public static string Write(IEnumerable<TaughtQuestion> taught)
    {
        var sb = new StringBuilder();
        foreach (var t in taught) sb.Append(JsonSerializer.Serialize(t, Json)).Append('\n');
        return sb.ToString();
    }

    /// <summary>The next free id: one more than the highest "tN" in use.</summary>
    public static string NextId(IEnumerable<TaughtQuestion> taught)
    {
        int max = 0;
        foreach (var t in taught)
        {
            if (t.Id.Length > 1 && t.Id[0] == 't' && int.TryParse(t.Id.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                max = Math.Max(max, n);
        }
        return "t" + (max + 1).ToString(CultureInfo.InvariantCulture);
    }
}
