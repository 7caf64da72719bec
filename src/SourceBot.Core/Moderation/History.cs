using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Moderation;

/// <summary>What kind of change a history entry records.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChangeKind>))]
public enum ChangeKind
{
    [JsonStringEnumMemberName("add-source")] AddSource,
    [JsonStringEnumMemberName("edit")] EditPassage,
    [JsonStringEnumMemberName("hide")] HidePassage,
    [JsonStringEnumMemberName("unhide")] UnhidePassage,
    [JsonStringEnumMemberName("meta")] EditMetadata,
    [JsonStringEnumMemberName("teach")] Teach,
    [JsonStringEnumMemberName("untaught")] RemoveTaught,
    [JsonStringEnumMemberName("publish")] Publish,
    [JsonStringEnumMemberName("rollback")] Rollback,

    /// <summary>
    /// A publish or rollback whose version was stored but whose history entry was not (the process stopped between the
    /// two), recorded when the knowledge was next opened; who, when, what and why come from the version's manifest.
    /// </summary>
    [JsonStringEnumMemberName("recovered")] Recovered,
}

/// <summary>
/// One change to the knowledge: who (id and name), when, what (kind, target, summary) and why. Draft edits have no
/// version; a publish or rollback names the published version it made.
/// </summary>
public sealed record ChangeRecord(
    [property: JsonPropertyName("seq")] int Sequence,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("by")] string ById,
    [property: JsonPropertyName("by_name")] string ByName,
    [property: JsonPropertyName("kind")] ChangeKind Kind,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("what")] string What,
    [property: JsonPropertyName("why")] string? Why,
    [property: JsonPropertyName("version")] int? Version = null,
    [property: JsonPropertyName("knowledge_hash")] string? KnowledgeHash = null)
{
    public string Format()
    {
        var version = Version is int v ? $" -> v{v}" : "";
        var why = string.IsNullOrWhiteSpace(Why) ? "" : $"  why: {Why}";
        return $"#{Sequence,-4} {At.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z  {ByName,-12} {KindName(Kind),-10} {Target}{version}: {What}{why}";
    }

    public static string KindName(ChangeKind kind) => JsonSerializer.Serialize(kind).Trim('"');
}

/// <summary>
/// The append-only change history: one JSON object per line in "history.jsonl" in the versions folder. Lines are appended
/// whole under the moderation lock and flushed to disk before <see cref="Append"/> returns; a torn last line (a crash
/// mid-append) is skipped when reading.
/// </summary>
public sealed class HistoryLog(string path)
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Path { get; } = path;

    public ImmutableArray<ChangeRecord> Read()
    {
        if (!File.Exists(Path)) return [];
        var list = ImmutableArray.CreateBuilder<ChangeRecord>();
        foreach (var line in File.ReadAllLines(Path, Encoding.UTF8))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                if (JsonSerializer.Deserialize<ChangeRecord>(line, Json) is { } r) list.Add(r);
            }
            catch (JsonException)
            {
                // A line torn by a crash; every whole line before and after it still counts.
            }
        }
        return list.ToImmutable();
    }

    /// <summary>Appends a change, numbered one after the last. Call under the moderation lock.</summary>
    public ChangeRecord Append(ChangeRecord change)
    {
        var existing = Read();
        var numbered = change with { Sequence = existing.IsEmpty ? 1 : existing[^1].Sequence + 1 };
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        Directory.CreateDirectory(folder);
        bool created = !File.Exists(Path);
        using (var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            var needsNewline = stream.Length > 0 && !EndsWithNewline(Path);
            var bytes = Encoding.UTF8.GetBytes((needsNewline ? "\n" : "") + JsonSerializer.Serialize(numbered, Json) + "\n");
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        // A new file's name is on disk only once its folder is.
        if (created) DirectoryFlush.ToDisk(folder);
        return numbered;
    }

    private static bool EndsWithNewline(string path)
    {
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (s.Length == 0) return true;
        s.Seek(-1, SeekOrigin.End);
        return s.ReadByte() == '\n';
    }
}
