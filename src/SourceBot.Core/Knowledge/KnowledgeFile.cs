using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace SourceBot.Core.Knowledge;

/// <summary>
/// Reads and writes the knowledge file format: one Markdown file per source, named "{sourceId}.md".
/// <code>
/// ---
/// title: ...
/// authors: [ ... ]
/// publisher: ...
/// date: 2010-09-13
/// url: https://...
/// next_passage: 27
/// ---
///
/// [p1] First paragraph, with inline footnote markers.[1]
///
/// [p2 hidden] A passage moderators hid; kept so its id is never reused.
///
/// ## Footnotes
///
/// [1] The footnote's text.
/// </code>
/// Lines inside a block are joined with a space, so a person may wrap long paragraphs.
/// </summary>
public static partial class KnowledgeFile
{
    public const string Extension = ".md";
    private const string FootnotesHeading = "## Footnotes";

    [GeneratedRegex(@"^\[p(\d{1,9})( hidden)?\]\s*", RegexOptions.CultureInvariant)]
    private static partial Regex PassageTag();

    [GeneratedRegex(@"^\[(\d{1,3})\]\s*", RegexOptions.CultureInvariant)]
    private static partial Regex FootnoteTag();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_.-]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex SourceIdPattern();

    public static bool IsValidSourceId(string id) => SourceIdPattern().IsMatch(id);

    public static Source Read(string path)
    {
        var id = Path.GetFileNameWithoutExtension(path);
        return Parse(File.ReadAllText(path, Encoding.UTF8), id, path);
    }

    public static Source Parse(string text, string sourceId, string? origin = null)
    {
        string where = origin ?? sourceId;
        if (!IsValidSourceId(sourceId))
            throw new KnowledgeFormatException($"{where}: source id '{sourceId}' must be lower-case letters, digits, '-', '_' or '.', at most 40 characters.");

        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF');
        if (!text.StartsWith("---\n", StringComparison.Ordinal))
            throw new KnowledgeFormatException($"{where}: expected front matter starting with '---' on the first line.");
        int end = text.IndexOf("\n---\n", 3, StringComparison.Ordinal);
        if (end < 0)
            throw new KnowledgeFormatException($"{where}: front matter is not closed with a '---' line.");

        var front = ParseFrontMatter(end <= 4 ? "" : text[4..end], where);
        var body = text[(end + 5)..];

        var passages = ImmutableArray.CreateBuilder<Passage>();
        var footnotes = ImmutableArray.CreateBuilder<Footnote>();
        bool inFootnotes = false;
        int maxNumber = 0;
        var seen = new HashSet<int>();
        foreach (var block in Blocks(body))
        {
            if (block == FootnotesHeading)
            {
                inFootnotes = true;
                continue;
            }
            if (!inFootnotes)
            {
                var m = PassageTag().Match(block);
                if (!m.Success)
                    throw new KnowledgeFormatException($"{where}: every paragraph must start with its id, like '[p12] '. Found: '{Preview(block)}'.");
                int n = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                if (!seen.Add(n))
                    throw new KnowledgeFormatException($"{where}: passage id p{n} appears twice.");
                var passageText = block[m.Length..].Trim();
                if (passageText.Length == 0)
                    throw new KnowledgeFormatException($"{where}: passage p{n} is empty.");
                maxNumber = Math.Max(maxNumber, n);
                passages.Add(new Passage(Source.PassageId(sourceId, n), sourceId, passageText, Hidden: m.Groups[2].Success));
            }
            else
            {
                var m = FootnoteTag().Match(block);
                if (!m.Success)
                    throw new KnowledgeFormatException($"{where}: every footnote must start with its number, like '[3] '. Found: '{Preview(block)}'.");
                int n = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                footnotes.Add(new Footnote(n, block[m.Length..].Trim()));
            }
        }

        int next = Math.Max(front.NextPassage ?? 0, maxNumber + 1);
        var metadata = new SourceMetadata(
            string.IsNullOrWhiteSpace(front.Title) ? throw new KnowledgeFormatException($"{where}: front matter needs a 'title'.") : front.Title.Trim(),
            [.. (front.Authors ?? []).Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim())],
            Blank(front.Publisher), Blank(front.Date), Blank(front.Url), Blank(front.Note));
        return new Source(sourceId, metadata, passages.ToImmutable(), footnotes.ToImmutable(), next);
    }

    public static string Write(Source source)
    {
        var sb = new StringBuilder();
        sb.Append("---\n");
        var m = source.Metadata;
        sb.Append("title: ").Append(Quote(m.Title)).Append('\n');
        sb.Append("authors: [").Append(string.Join(", ", m.Authors.Select(Quote))).Append("]\n");
        if (m.Publisher is not null) sb.Append("publisher: ").Append(Quote(m.Publisher)).Append('\n');
        if (m.Date is not null) sb.Append("date: ").Append(Quote(m.Date)).Append('\n');
        if (m.Url is not null) sb.Append("url: ").Append(Quote(m.Url)).Append('\n');
        if (m.Note is not null) sb.Append("note: ").Append(Quote(m.Note)).Append('\n');
        sb.Append("next_passage: ").Append(source.NextPassageNumber.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("---\n");
        foreach (var p in source.Passages)
        {
            sb.Append('\n').Append('[').Append(p.LocalId).Append(p.Hidden ? " hidden" : "").Append("] ").Append(p.Text).Append('\n');
        }
        if (source.HasFootnotes)
        {
            sb.Append('\n').Append(FootnotesHeading).Append('\n');
            foreach (var f in source.Footnotes)
            {
                sb.Append('\n').Append('[').Append(f.Number.ToString(CultureInfo.InvariantCulture)).Append("] ").Append(f.Text).Append('\n');
            }
        }
        return sb.ToString();
    }

    private static IEnumerable<string> Blocks(string body)
    {
        var current = new List<string>();
        foreach (var raw in body.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                if (current.Count > 0) { yield return string.Join(' ', current); current.Clear(); }
                continue;
            }
            current.Add(line);
        }
        if (current.Count > 0) yield return string.Join(' ', current);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Preview(string s) => s.Length <= 60 ? s : s[..60] + "…";

    /// <summary>Double-quoted YAML scalar, so colons, quotes and leading symbols in titles are safe.</summary>
    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>Built once: building a YamlDotNet deserializer is costly, and the built one is immutable and thread-safe.</summary>
    private static readonly IDeserializer FrontMatterReader = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    private static FrontMatter ParseFrontMatter(string yaml, string where)
    {
        try
        {
            return FrontMatterReader.Deserialize<FrontMatter?>(yaml) ?? new FrontMatter();
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new KnowledgeFormatException($"{where}: front matter is not valid YAML ({ex.Message}).");
        }
    }

    private sealed class FrontMatter
    {
        public string? Title { get; set; }
        public List<string>? Authors { get; set; }
        public string? Publisher { get; set; }
        public string? Date { get; set; }
        public string? Url { get; set; }
        public string? Note { get; set; }
        public int? NextPassage { get; set; }
    }
}
