using System.Text;
using System.Text.RegularExpressions;

namespace SourceBot.Core.Answers;

/// <summary>
/// Cleans what people type before it is matched: Discord mention and emoji syntax, markdown markers, code fences and control
/// characters are removed; whitespace is collapsed. The words themselves are never changed.
/// </summary>
public static partial class QuestionText
{
    /// <summary>Questions longer than this are refused with a clear reason instead of being cut without telling.</summary>
    public const int MaxLength = 1000;

    [GeneratedRegex(@"<(@[!&]?|#)\d+>|<a?:\w+:\d+>|<t:\d+(:\w)?>")]
    private static partial Regex DiscordSyntax();

    [GeneratedRegex(@"```[\w+-]*")]
    private static partial Regex Fence();

    [GeneratedRegex(@"(\*\*|__|~~|\|\||`|^>+\s?|^#+\s|(?<!\w)_|_(?!\w))", RegexOptions.Multiline)]
    private static partial Regex Markdown();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    /// <summary>Text from JSON or a network may hold half of a surrogate pair, which .NET cannot normalise: make it U+FFFD.</summary>
    private static string ReplaceLoneSurrogates(string text)
    {
        StringBuilder? sb = null;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (pair)
            {
                sb?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                sb ??= new StringBuilder(text, 0, i, text.Length);
                sb.Append('\uFFFD');
                continue;
            }
            sb?.Append(c);
        }
        return sb?.ToString() ?? text;
    }

    public static string Clean(string? raw)
    {
        if (string.IsNullOrEmpty(raw)) return string.Empty;
        var sb = new StringBuilder(raw.Length);
        foreach (var ch in ReplaceLoneSurrogates(raw).Normalize(NormalizationForm.FormKC))
        {
            // Control and format characters (including zero-width ones) become spaces; everything else stays.
            var category = char.GetUnicodeCategory(ch);
            sb.Append(category is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format ? ' ' : ch);
        }
        var text = DiscordSyntax().Replace(sb.ToString(), " ");
        text = Fence().Replace(text, " ");
        text = Markdown().Replace(text, " ");
        return Space().Replace(text, " ").Trim();
    }
}
