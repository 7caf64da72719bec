using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace SourceBot.Core.Knowledge;

/// <summary>Finds inline footnote markers like "[12]" (also "[3][4]") in passage text.</summary>
public static partial class FootnoteMarkers
{
    [GeneratedRegex(@"\[(\d{1,3})\]")]
    private static partial Regex MarkerRegex();

    public static ImmutableArray<int> NumbersIn(string text)
    {
        var builder = ImmutableArray.CreateBuilder<int>();
        foreach (Match m in MarkerRegex().Matches(text))
        {
            var n = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (!builder.Contains(n)) builder.Add(n);
        }
        return builder.ToImmutable();
    }

    /// <summary>The text with markers removed, for indexing and for matching against plain phrases.</summary>
    public static string Strip(string text) => MarkerRegex().Replace(text, string.Empty);
}
