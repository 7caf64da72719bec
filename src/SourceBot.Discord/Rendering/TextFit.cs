using System.Globalization;
using System.Text;

namespace SourceBot.Discord.Rendering;

/// <summary>
/// The one truncation helper: fits text into a character limit by cutting at a sentence end when that keeps most of the text,
/// otherwise at a word boundary, and marks every cut with a visible ellipsis "…". A word is only ever split when a single word
/// is longer than the whole limit, and then never inside a surrogate pair or a combining sequence.
/// </summary>
public static class TextFit
{
    public const string Ellipsis = "…";

    /// <summary>The text, trimmed, if it fits; otherwise its longest prefix that ends at a boundary, followed by "…".</summary>
    public static string Truncate(string? text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        var s = (text ?? "").Trim();
        if (s.Length <= maxLength) return s;
        if (maxLength <= Ellipsis.Length) return Ellipsis;

        int budget = maxLength - Ellipsis.Length;

        // 1. A sentence end ("… refugees.[12] Next") that keeps at least half of the budget.
        int sentence = LastSentenceEnd(s, budget - 1);
        if (sentence >= budget / 2) return s[..sentence].TrimEnd() + " " + Ellipsis;

        // 2. The last whitespace within the budget, with dangling punctuation ("word," "word -") dropped.
        int space = -1;
        for (int i = Math.Min(budget, s.Length - 1); i > 0; i--)
        {
            if (char.IsWhiteSpace(s[i])) { space = i; break; }
        }
        if (space > 0)
        {
            var cut = s[..space].TrimEnd();
            var trimmed = cut.TrimEnd(',', ';', ':', '-', '–', '—', '(', '[', '"', '\'', '“', '‘', '/', '&').TrimEnd();
            if (trimmed.Length > 0) cut = trimmed;
            if (cut.Length > 0) return cut + Ellipsis;
        }

        // 3. One word longer than the limit: cut at a text-element boundary.
        int end = 0;
        var elements = StringInfo.GetTextElementEnumerator(s);
        while (elements.MoveNext())
        {
            int next = elements.ElementIndex + elements.GetTextElement().Length;
            if (next > budget) break;
            end = next;
        }
        return s[..end] + Ellipsis;
    }

    /// <summary>
    /// The length of the longest prefix, at most <paramref name="maxPrefix"/> long, that ends a sentence (terminal punctuation,
    /// then optional closing quotes/brackets or a footnote marker such as "[12]") and is followed by whitespace; -1 if none.
    /// </summary>
    private static int LastSentenceEnd(string s, int maxPrefix)
    {
        for (int p = Math.Min(maxPrefix, s.Length - 1); p > 0; p--)
        {
            if (!char.IsWhiteSpace(s[p])) continue;
            int j = p - 1;
            while (j > 0 && s[j] is '"' or '\'' or '”' or '’' or ')' or ']' or '[' or (>= '0' and <= '9')) j--;
            if (s[j] is not ('.' or '?' or '!' or '…')) continue;
            var tail = s.AsSpan(j + 1, p - j - 1);
            if (tail.IndexOfAnyInRange('0', '9') >= 0 && tail.IndexOf('[') < 0) continue; // "2.0 is" is not a sentence end
            return p;
        }
        return -1;
    }

    /// <summary>
    /// Packs lines into chunks of at most <paramref name="maxLength"/> characters, each line kept whole when it fits a chunk,
    /// truncated with <see cref="Truncate"/> when it alone is too long.
    /// </summary>
    public static List<string> Pack(IEnumerable<string> lines, int maxLength)
    {
        var chunks = new List<string>();
        var current = new StringBuilder();
        foreach (var raw in lines)
        {
            var line = Truncate(raw, maxLength);
            if (line.Length == 0) continue;
            if (current.Length > 0 && current.Length + 1 + line.Length > maxLength)
            {
                chunks.Add(current.ToString());
                current.Clear();
            }
            if (current.Length > 0) current.Append('\n');
            current.Append(line);
        }
        if (current.Length > 0) chunks.Add(current.ToString());
        return chunks;
    }
}
