using System.Text;
using System.Text.RegularExpressions;

namespace SourceBot.Core.Import;

/// <summary>
/// One logical line of the page dump: a raw line, or several raw lines when the dump hard-wrapped a paragraph. It is the unit
/// the importer classifies; paragraphs of copied web pages arrive one per line.
/// </summary>
internal sealed class Unit
{
    public required int Index { get; init; }
    public required int FirstLine { get; init; }
    public int LastLine { get; set; }
    /// <summary>Whitespace-collapsed text; for a bullet item, without its bullet glyph.</summary>
    public required string Text { get; set; }
    public required int Indent { get; init; }
    public required bool IsBullet { get; init; }
    /// <summary>Index of the run of non-blank lines the unit belongs to.</summary>
    public required int Block { get; init; }
    /// <summary>The raw line had cells: text, a tab or a wide gap, more text (an infobox or table row).</summary>
    public bool IsTableRow { get; init; }

    public int Words => PageText.WordCount(Text);

    /// <summary>Set when the unit is left out of the body; null for a kept paragraph or list item.</summary>
    public DropReason? Reason { get; set; }
    public string? Detail { get; set; }

    public void Drop(DropReason reason, string? detail = null)
    {
        Reason = reason;
        Detail = detail;
    }

    public override string ToString() => $"{FirstLine}: {Text}";
}

/// <summary>Turns raw page text into <see cref="Unit"/>s, and the small text predicates the heuristics share.</summary>
internal static partial class PageText
{
    [GeneratedRegex(@"^(?:[•◦▪▫‣●○■□·∙]|[-*–](?=\s))\s*", RegexOptions.CultureInvariant)]
    private static partial Regex BulletGlyph();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    [GeneratedRegex(@"(?:\s*(?:\[\d{1,3}\]|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))+\s*$")]
    private static partial Regex TrailingMarkers();

    /// <summary>The edit link a copied wiki heading carries: "History[edit]", "Notes [edit source]".</summary>
    [GeneratedRegex(@"\s*\[\s*edit(?:\s+source)?\s*\]$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EditLink();

    /// <summary>Cells of a copied table row: a tab (or a wide run of spaces) between two pieces of text.</summary>
    [GeneratedRegex(@"\S {3,}\S")]
    private static partial Regex CellGap();

    [GeneratedRegex(@"^\[(\d{1,3})\]")]
    private static partial Regex FootnoteTag();

    /// <summary>
    /// Throws <see cref="ImportException"/> for text that is not a page dump: empty, only whitespace, or binary.
    /// </summary>
    public static void EnsureText(string raw, string where)
    {
        if (raw.Length == 0)
            throw new ImportException($"{where} is empty: there is nothing to import.");
        if (string.IsNullOrWhiteSpace(raw))
            throw new ImportException($"{where} contains only whitespace: there is nothing to import.");
        int control = 0;
        foreach (char c in raw)
        {
            if (c == '\0')
                throw new ImportException($"{where} looks like binary data (it contains NUL characters), not a text copy of a web page.");
            if ((c < ' ' && c is not ('\t' or '\n' or '\r' or '\f' or '\v')) || c == '\uFFFD') control++;
        }
        if (control > 0 && control * 50 > raw.Length)
            throw new ImportException($"{where} looks like binary data ({control} control or undecodable characters in {raw.Length}), not a text copy of a web page.");
    }

    /// <summary>Unifies line ends, turns no-break and other odd spaces into spaces and removes invisible characters.</summary>
    public static string Normalize(string raw)
    {
        var sb = new StringBuilder(raw.Length);
        for (int i = 0; i < raw.Length; i++)
        {
            char c = raw[i];
            switch (c)
            {
                case '\r':
                    if (i + 1 < raw.Length && raw[i + 1] == '\n') i++;
                    sb.Append('\n');
                    break;
                case '\f' or '\v' or '\u2028' or '\u2029' or '\u0085':
                    sb.Append('\n');
                    break;
                case '\t':
                    sb.Append("    ");
                    break;
                case '\u00A0' or '\u1680' or '\u2007' or '\u202F' or '\u205F' or '\u3000' or (>= '\u2000' and <= '\u200A'):
                    sb.Append(' ');
                    break;
                case '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD':
                    break;
                default:
                    if (c < ' ' && c != '\n') break; // stray control characters
                    sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    private sealed record RawLine(int Number, int Indent, bool IsBullet, string Text, bool Cells);

    public static List<Unit> Units(string normalized)
    {
        var units = new List<Unit>();
        var block = new List<RawLine>();
        int blockIndex = 0;
        var lines = normalized.Split('\n');
        for (int i = 0; i <= lines.Length; i++)
        {
            if (i == lines.Length || string.IsNullOrWhiteSpace(lines[i]))
            {
                if (block.Count > 0) AddBlock(block, blockIndex++, units);
                block.Clear();
                continue;
            }
            var line = lines[i];
            int indent = line.Length - line.TrimStart().Length;
            var content = line.Trim();
            var bullet = BulletGlyph().Match(content);
            bool isBullet = bullet.Success && bullet.Length < content.Length;
            if (isBullet) content = content[bullet.Length..];
            content = EditLink().Replace(content, "");
            if (content.Length == 0) continue;
            block.Add(new RawLine(i + 1, indent, isBullet, Collapse(content), CellGap().IsMatch(content)));
        }
        return units;
    }

    /// <summary>
    /// A run of non-blank lines becomes one unit per line, except where the dump hard-wrapped a paragraph: in a block whose
    /// lines are all about as long as the longest (a wrap width under 110 characters) and that reads as prose when joined,
    /// lines join until one ends a sentence well short of the wrap width; elsewhere a long line that does not end a sentence
    /// joins the next line when that goes on in lower case.
    /// </summary>
    private static void AddBlock(List<RawLine> block, int blockIndex, List<Unit> units)
    {
        bool wrapped = IsHardWrapped(block);
        int width = block.Max(l => l.Text.Length);
        Unit? last = null;
        RawLine? previous = null;
        foreach (var line in block)
        {
            bool join = last is not null && previous is not null && !line.IsBullet && !FootnoteTag().IsMatch(line.Text) &&
                        (wrapped ? !(EndsSentence(previous.Text) && previous.Text.Length * 4 < width * 3) : IsContinuation(last.Text, line.Text));
            if (join)
            {
                last!.Text = last.Text + " " + line.Text;
                last.LastLine = line.Number;
            }
            else
            {
                last = new Unit { Index = units.Count, FirstLine = line.Number, LastLine = line.Number, Text = line.Text, Indent = line.Indent, IsBullet = line.IsBullet, Block = blockIndex, IsTableRow = line.Cells };
                units.Add(last);
            }
            previous = line;
        }
    }

    private static bool IsHardWrapped(List<RawLine> block)
    {
        if (block.Count < 2 || block.Any(l => l.IsBullet || FootnoteTag().IsMatch(l.Text))) return false;
        int width = block.Max(l => l.Text.Length);
        if (width is < 40 or > 110) return false;
        for (int i = 0; i < block.Count - 1; i++)
        {
            if (block[i].Text.Length * 10 < width * 6 && !EndsSentence(block[i].Text)) return false;
        }
        var joined = string.Join(' ', block.Select(l => l.Text));
        int spaced = 0, lower = 0;
        foreach (var token in joined.Split(' '))
        {
            if (token.Length == 0 || !char.IsLetter(token[0])) continue;
            spaced++;
            if (char.IsLower(token[0])) lower++;
        }
        int breaksMidSentence = block.Take(block.Count - 1).Count(l => !EndsSentence(l.Text));
        return EndsSentence(joined) && lower * 2 >= spaced && breaksMidSentence * 2 >= block.Count - 1;
    }

    /// <summary>
    /// A hard-wrapped paragraph: the previous line is long, does not end a sentence, and this line goes on in lower case.
    /// </summary>
    private static bool IsContinuation(string previous, string next)
    {
        if (previous.Length < 40 || EndsSentence(previous)) return false;
        return next.Length > 0 && char.IsLower(next[0]);
    }

    public static string Collapse(string s) => Space().Replace(s, " ").Trim();

    /// <summary>Words separated by spaces; CJK characters count one each, since those scripts do not space words.</summary>
    public static int WordCount(string s)
    {
        int words = 0, cjk = 0;
        bool inWord = false;
        foreach (char c in s)
        {
            if (IsCjk(c)) { cjk++; inWord = false; continue; }
            if (char.IsWhiteSpace(c)) { inWord = false; continue; }
            if (!inWord && char.IsLetterOrDigit(c)) { words++; inWord = true; }
        }
        return words + cjk;
    }

    public static bool IsCjk(char c) => c is (>= '\u3040' and <= '\u30FF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF') or (>= '\uAC00' and <= '\uD7AF');

    /// <summary>The text without trailing footnote markers, closing quotes and brackets.</summary>
    public static string TrimClosers(string s)
    {
        s = TrailingMarkers().Replace(s, "");
        return s.TrimEnd(' ', '"', '\'', '”', '’', ')', ']', '»', '*');
    }

    /// <summary>Ends with sentence punctuation ('.', '!', '?', ':' or ';'), ignoring closing quotes, brackets and markers.</summary>
    public static bool EndsSentence(string s)
    {
        var t = TrimClosers(s);
        return t.Length > 0 && t[^1] is '.' or '!' or '?' or ':' or ';' or '。' or '！' or '？';
    }

    /// <summary>Reads like running prose: ends a sentence, has some length, and is not a run of capitalised words.</summary>
    public static bool IsProse(Unit u)
    {
        if (!EndsSentence(u.Text)) return false;
        int words = u.Words;
        if (words < 6) return false;
        int spaced = 0, lower = 0;
        foreach (var token in u.Text.Split(' '))
        {
            if (token.Length == 0 || !char.IsLetter(token[0])) continue;
            spaced++;
            if (char.IsLower(token[0])) lower++;
        }
        return spaced < 6 || lower * 5 >= spaced; // at least a fifth of the words in lower case, or mostly CJK
    }

    /// <summary>Lower case, straight quotes, letters and digits only, single spaces: for comparing paragraphs.</summary>
    public static string Comparable(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool space = true;
        foreach (char c in Knowledge.FootnoteMarkers.Strip(s))
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else if (!space && c is not ('\'' or '’'))
            {
                sb.Append(' ');
                space = true;
            }
        }
        return sb.ToString().Trim();
    }

    public static string[] Tokens(string s) => Comparable(s).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
