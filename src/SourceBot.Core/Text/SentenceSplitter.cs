using System.Text.RegularExpressions;

namespace SourceBot.Core.Text;

/// <summary>A sentence of a passage: where it lies in the passage text, so quotes are verbatim slices.</summary>
public readonly record struct SentenceSpan(int Start, int Length)
{
    public string Of(string text) => text.Substring(Start, Length);
}

/// <summary>
/// Splits prose into sentences. A sentence ends at '.', '!' or '?' (with closing quotes, brackets and footnote markers that
/// follow it, so "refugees.[5]" keeps its marker) before whitespace and a capital, digit, quote or bullet; common
/// abbreviations, initials and decimals do not end a sentence. Bullet items ("• ...") are sentences of their own.
/// </summary>
public static partial class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "cf", "ed", "eds", "gen", "gov", "sen", "rep", "rev", "jan", "feb", "mar", "apr", "jun", "jul",
        "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.n", "u.k", "inc", "ltd", "co", "corp", "approx", "est", "al",
    };

    /// <summary>Abbreviations that stand before a number; elsewhere the same word ("no.", "art.") can end a sentence.</summary>
    private static readonly HashSet<string> NumberAbbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "no", "nos", "vol", "pp", "p", "para", "paras", "art", "fig",
    };

    private static bool NextIsDigit(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        return i < text.Length && char.IsDigit(text[i]);
    }

    [GeneratedRegex(@"[.!?]+[""'”’)\]]*(?:\[\d{1,3}\])*[""'”’)]*(?=\s+[\p{Lu}\d""“‘'(\[•])", RegexOptions.CultureInvariant)]
    private static partial Regex Boundary();

    [GeneratedRegex(@"\s+•\s+")]
    private static partial Regex Bullet();

    public static List<SentenceSpan> Split(string text)
    {
        var spans = new List<SentenceSpan>();
        int start = SkipSpace(text, 0);
        foreach (Match m in Boundary().Matches(text))
        {
            int end = m.Index + m.Length;
            if (end <= start) continue;
            if (!EndsSentence(text, m.Index)) continue;
            AddWithBullets(text, start, end, spans);
            start = SkipSpace(text, end);
        }
        if (start < text.Length) AddWithBullets(text, start, TrimEnd(text, text.Length), spans);
        return spans;
    }

    public static List<string> SplitText(string text) => Split(text).ConvertAll(s => s.Of(text));

    private static void AddWithBullets(string text, int start, int end, List<SentenceSpan> spans)
    {
        // A bullet list inside one "sentence" (items without final punctuation) becomes one sentence per item.
        var segment = text[start..end];
        int offset = start;
        foreach (Match b in Bullet().Matches(segment))
        {
            int cut = start + b.Index;
            if (cut > offset) spans.Add(new SentenceSpan(offset, TrimEnd(text, cut) - offset));
            offset = start + b.Index + b.Value.IndexOf('•', StringComparison.Ordinal); // the item keeps its bullet glyph
        }
        end = TrimEnd(text, end);
        if (end > offset) spans.Add(new SentenceSpan(offset, end - offset));
    }

    private static bool EndsSentence(string text, int punctuationIndex)
    {
        if (text[punctuationIndex] != '.') return true;
        // The word before the period.
        int i = punctuationIndex - 1;
        while (i >= 0 && (char.IsLetterOrDigit(text[i]) || text[i] == '.')) i--;
        var word = text[(i + 1)..punctuationIndex];
        if (word.Length == 0) return true;
        if (NumberAbbreviations.Contains(word)) return !NextIsDigit(text, punctuationIndex + 1); // "No. 5", "pp. 12" but "said no."
        if (Abbreviations.Contains(word)) return false;
        if (word.Length == 1 && char.IsUpper(word[0])) return false; // an initial: "Kim J. Un"
        if (word.Contains('.')) return word.Length > 4; // "U.S." style acronyms continue the sentence
        return true;
    }

    private static int SkipSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        return i;
    }

    private static int TrimEnd(string text, int end)
    {
        while (end > 0 && char.IsWhiteSpace(text[end - 1])) end--;
        return end;
    }
}
