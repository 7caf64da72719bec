using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Import;

/// <summary>
/// Turns a raw page dump (the text of a web page copied with its menus, sidebars, comments and footers) into one clean
/// <see cref="Source"/>: the article's paragraphs verbatim (whitespace aside) with their inline footnote markers, the page's
/// footnote list, and the metadata the page states. How the article is found is described on <see cref="PageAnalysis"/>;
/// the <see cref="ImportReport"/> lists what was kept and dropped and why.
/// </summary>
public static partial class SourceImporter
{
    /// <summary>Imports page text. Passages are numbered p1, p2, ... in page order; the id comes from the options or the title.</summary>
    /// <exception cref="ImportException">The text is empty, binary, or has no findable article body.</exception>
    public static ImportResult Import(string rawText, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(rawText);
        ArgumentNullException.ThrowIfNull(options);
        var (source, report) = PageAnalysis.Run(rawText, options, "the page text", fileName: null);
        return new ImportResult(source, report);
    }

    /// <summary>
    /// Imports the page dump at <paramref name="rawPath"/> into the knowledge folder as "{id}.md". When that source already
    /// exists, passage ids are carried over (see <see cref="PassageIds"/>): unchanged or nearly unchanged paragraphs keep
    /// their ids, new paragraphs get fresh ids from the existing next passage number, and ids of removed paragraphs are never
    /// reused. With <see cref="ImportOptions.DryRun"/> nothing is written.
    /// </summary>
    /// <exception cref="ImportException">The file is missing, unreadable, empty, binary, has no article body, or the existing
    /// knowledge file for the id cannot be read.</exception>
    public static ImportResult ImportInto(string knowledgeDirectory, string rawPath, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(knowledgeDirectory);
        var result = ImportAgainst(rawPath, id => ExistingIn(knowledgeDirectory, id), options);
        var source = result.Source;
        var report = result.Report;
        var path = Path.Combine(knowledgeDirectory, source.Id + KnowledgeFile.Extension);
        if (options.DryRun) return new ImportResult(source, report);
        try
        {
            return new ImportResult(source, report, KnowledgeDirectory.Save(knowledgeDirectory, source));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ImportException($"Cannot write '{path}': {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Imports a page dump without writing it: the source, with the passage ids of the existing source of the same id (from
    /// <paramref name="existing"/>, null when there is none) carried over, and the report.
    /// </summary>
    public static ImportResult ImportAgainst(string rawPath, Func<string, Source?> existing, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(rawPath);
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(options);
        var raw = ReadRawFile(rawPath);
        var (source, report) = PageAnalysis.Run(raw, options, $"'{rawPath}'", rawPath);
        if (existing(source.Id) is { } previous)
        {
            var (carried, changes) = PassageIds.Carry(source, previous);
            return new ImportResult(carried, report with { Ids = changes });
        }
        return new ImportResult(source, report with { Ids = new PassageIdChanges([], [], [.. source.Passages.Select(p => p.LocalId)], []) });
    }

    private static Source? ExistingIn(string knowledgeDirectory, string sourceId)
    {
        var path = Path.Combine(knowledgeDirectory, sourceId + KnowledgeFile.Extension);
        if (!File.Exists(path)) return null;
        try
        {
            return KnowledgeFile.Read(path);
        }
        catch (KnowledgeFormatException ex)
        {
            throw new ImportException($"Cannot carry passage ids over: the existing knowledge file is invalid. {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Reads a page dump file as text: UTF-8 (with or without BOM) or UTF-16 with BOM; bytes that are not valid UTF-8 are read
    /// as Latin-1. Binary files (NUL bytes, many control bytes) are refused with an <see cref="ImportException"/>.
    /// </summary>
    public static string ReadRawFile(string rawPath)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(rawPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ImportException($"Cannot read '{rawPath}': {ex.Message}", ex);
        }
        if (bytes.Length >= 2 && (bytes[0], bytes[1]) is (0xFF, 0xFE) or (0xFE, 0xFF))
            return (bytes[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode).GetString(bytes, 2, bytes.Length - 2);
        if (Array.IndexOf(bytes, (byte)0) >= 0)
            throw new ImportException($"'{rawPath}' looks like binary data (it contains NUL bytes), not a text copy of a web page.");
        int skip = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, skip, bytes.Length - skip);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }

    [GeneratedRegex(@"^(?<id>[a-z0-9][a-z0-9-]{0,39})_(?<rest>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPrefix();

    /// <summary>
    /// The source id a raw file's name gives: the prefix before the first '_' when it looks like an id (lower-case letters,
    /// digits and '-', with a digit in it or a hex hash after it), as in "003_5cd931984e4271f3.txt"; otherwise null.
    /// </summary>
    public static string? SourceIdFromFileName(string path)
    {
        var m = IdPrefix().Match(Path.GetFileNameWithoutExtension(path));
        if (!m.Success) return null;
        var id = m.Groups["id"].Value;
        bool looksLikeId = id.Any(char.IsDigit) || Regex.IsMatch(m.Groups["rest"].Value, "^[0-9a-f]{6,}$", RegexOptions.CultureInvariant);
        return looksLikeId ? id : null;
    }

    /// <summary>A short id from a title: lower-case ASCII letters and digits joined by '-', at most 40 characters, cut at a word.</summary>
    public static string Slug(string title)
    {
        var folded = new StringBuilder();
        foreach (char c in title.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            folded.Append(c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' ? char.ToLowerInvariant(c) : ' ');
        }
        var words = folded.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var sb = new StringBuilder();
        foreach (var w in words)
        {
            if (sb.Length > 0 && sb.Length + 1 + w.Length > 40) break;
            if (sb.Length > 0) sb.Append('-');
            sb.Append(w.Length > 40 ? w[..40] : w);
        }
        return sb.Length > 0 ? sb.ToString() : "source";
    }
}
