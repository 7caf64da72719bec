using System.Collections.Immutable;
using System.Text;
using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Storage;

/// <summary>
/// The files that make up one knowledge set (a draft or a published version), by name: source files ("*.md") and the taught
/// questions ("taught.jsonl"). Immutable, so a copy read under a lock stays exactly what was read. Stores keep knowledge as
/// these texts, whether in a folder or in a database, so every store holds the same readable files.
/// </summary>
public sealed class KnowledgeFiles
{
    public static readonly KnowledgeFiles Empty = new(ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal));

    public KnowledgeFiles(ImmutableSortedDictionary<string, string> files)
    {
        foreach (var name in files.Keys)
        {
            if (!IsKnowledgeFileName(name)) throw new ArgumentException($"'{name}' is not a knowledge file name (a source id with {KnowledgeFile.Extension}, or {TaughtFile.FileName}).", nameof(files));
        }
        Files = files.WithComparers(StringComparer.Ordinal);
    }

    /// <summary>File name to text, in ordinal name order.</summary>
    public ImmutableSortedDictionary<string, string> Files { get; }

    public int Count => Files.Count;

    /// <summary>Total size of the texts in UTF-8 bytes (what per-library limits count).</summary>
    public long Bytes => Files.Values.Sum(t => (long)Encoding.UTF8.GetByteCount(t));

    public string? Get(string name) => Files.GetValueOrDefault(name);

    /// <summary>A copy with one file written, or removed when <paramref name="text"/> is null.</summary>
    public KnowledgeFiles With(string name, string? text) =>
        new(text is null ? Files.Remove(name) : Files.SetItem(name, text));

    /// <summary>A source's file name: its id and the knowledge file extension.</summary>
    public static string SourceFileName(string sourceId) => sourceId + KnowledgeFile.Extension;

    /// <summary>Whether a name is one a knowledge set holds: a valid source id with the extension, or the taught questions file.</summary>
    public static bool IsKnowledgeFileName(string name) =>
        name == TaughtFile.FileName
        || name.EndsWith(KnowledgeFile.Extension, StringComparison.Ordinal)
           && !name.Equals("README.md", StringComparison.OrdinalIgnoreCase)
           && KnowledgeFile.IsValidSourceId(name[..^KnowledgeFile.Extension.Length]);

    /// <summary>
    /// The knowledge these files hold. <paramref name="location"/> is where they are (a folder path, "library biology, draft"):
    /// errors name a file as location/name. With <paramref name="allowEmpty"/> false, a set without sources is an error.
    /// </summary>
    public KnowledgeBase Parse(string location, bool allowEmpty = false)
    {
        var sources = Files
            .Where(f => f.Key != TaughtFile.FileName)
            .Select(f => KnowledgeFile.Parse(f.Value, f.Key[..^KnowledgeFile.Extension.Length], Path.Combine(location, f.Key)))
            .ToList();
        if (sources.Count == 0 && !allowEmpty)
            throw new KnowledgeFormatException($"Knowledge folder '{location}' has no source files (*{KnowledgeFile.Extension}).");
        var taught = Files.TryGetValue(TaughtFile.FileName, out var t) ? TaughtFile.Parse(t, Path.Combine(location, TaughtFile.FileName)) : [];
        return new KnowledgeBase(sources, taught);
    }

    /// <summary>The knowledge files of a folder (other files, temporary leftovers and README.md are not knowledge).</summary>
    public static KnowledgeFiles ReadFolder(string folder)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var path in Moderation.VersionStore.KnowledgeFiles(folder))
        {
            var name = Path.GetFileName(path);
            if (IsKnowledgeFileName(name)) builder[name] = File.ReadAllText(path, Encoding.UTF8);
        }
        return new KnowledgeFiles(builder.ToImmutable());
    }
}
