using System.Globalization;
using System.Text.RegularExpressions;

namespace SourceBot.Core.Import;

/// <summary>A calendar date found in text, normalised to ISO yyyy-MM-dd.</summary>
internal sealed record FoundDate(string Iso, bool Ambiguous, int Index, int Length);

/// <summary>
/// Finds publication dates written the ways pages write them: "September 13, 2010", "July 7th, 2014", "07 Jun 2024",
/// "2024-06-07", "7/21/2020" (numeric dates are read month first unless that is impossible; when both readings are possible
/// the date is marked ambiguous).
/// </summary>
internal static partial class DateText
{
    private const string Month = @"(?<m>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?";

    [GeneratedRegex(@"\b" + Month + @"\s+(?<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<y>(?:19|20)\d{2})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MonthDayYear();

    [GeneratedRegex(@"\b(?<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + Month + @",?\s+(?<y>(?:19|20)\d{2})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DayMonthYear();

    [GeneratedRegex(@"\b(?<y>(?:19|20)\d{2})-(?<m>\d{1,2})-(?<d>\d{1,2})\b", RegexOptions.CultureInvariant)]
    private static partial Regex Iso();

    [GeneratedRegex(@"\b(?<a>\d{1,2})[/.](?<b>\d{1,2})[/.](?<y>(?:19|20)\d{2})\b", RegexOptions.CultureInvariant)]
    private static partial Regex Numeric();

    [GeneratedRegex(@"\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)?(?:\s*[A-Z]{2,4})?(?=\W|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Time();

    [GeneratedRegex(@"^(?:(?:first\s+|last\s+)?(?:published|posted|updated|modified|date|dated|on|at)\b\s*:?\s*)+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DateLabel();

    [GeneratedRegex(@"^(?:\w+day),?\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Weekday();

    public static FoundDate? Find(string text)
    {
        FoundDate? best = null;
        foreach (var (regex, kind) in new[] { (MonthDayYear(), 0), (DayMonthYear(), 0), (Iso(), 1), (Numeric(), 2) })
        {
            foreach (Match m in regex.Matches(text))
            {
                var found = kind switch
                {
                    0 => Make(int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture), MonthNumber(m.Groups["m"].Value), int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture), false, m),
                    1 => Make(int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture), false, m),
                    _ => FromNumeric(m),
                };
                if (found is not null && (best is null || found.Index < best.Index)) best = found;
            }
        }
        return best;
    }

    /// <summary>
    /// The date when the whole text is a date line: a date, perhaps with a time, a "Published"/"Updated" label, a weekday,
    /// separators and a "by ..." segment (returned in <paramref name="byline"/>), and nothing else.
    /// </summary>
    public static FoundDate? DateLine(string text, out string? byline)
    {
        byline = null;
        FoundDate? date = null;
        foreach (var raw in text.Split(['|', '•', '·', '–', '—'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw;
            if (Regex.IsMatch(segment, @"^by\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant) && Find(segment) is null)
            {
                byline = segment;
                continue;
            }
            var rest = Time().Replace(segment, " ");
            var found = Find(rest);
            if (found is not null)
            {
                rest = rest.Remove(found.Index, found.Length);
                if (date is null) date = found;
            }
            rest = Weekday().Replace(DateLabel().Replace(rest.Trim(' ', ',', '-', ':', '(', ')'), ""), "").Trim(' ', ',', '-', ':');
            if (found is not null && ByRest().Match(rest) is { Success: true } by)
            {
                // "Posted on June 5, 2019 by Margaret Hale", "By Jane Doe on March 3, 2023"
                byline = "by " + by.Groups["names"].Value;
                continue;
            }
            if (PageText.WordCount(rest) > 0) return null;
        }
        return date;
    }

    [GeneratedRegex(@"^by\s+(?<names>.+?)(?:\s+(?:on|at))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ByRest();

    /// <summary>"October 2024" and the like: the entries of an archive list.</summary>
    [GeneratedRegex(@"^" + Month + @"\s+(?:19|20)\d{2}(?:\s*\(\d+\))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex MonthYear();

    /// <summary>A line that is only a month and year ("March 2022", "Published: March 2022"): "yyyy-MM", or null.</summary>
    public static string? MonthLine(string text)
    {
        var m = MonthYearOnly().Match(text.Trim());
        return m.Success ? $"{m.Groups["y"].Value}-{MonthNumber(m.Groups["m"].Value):00}" : null;
    }

    [GeneratedRegex(@"^(?:(?:published|posted|updated|date|dated)\s*:?\s*)?" + Month + @",?\s+(?<y>(?:19|20)\d{2})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MonthYearOnly();

    private static FoundDate? FromNumeric(Match m)
    {
        int a = int.Parse(m.Groups["a"].Value, CultureInfo.InvariantCulture);
        int b = int.Parse(m.Groups["b"].Value, CultureInfo.InvariantCulture);
        int y = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (a > 12 && b <= 12) return Make(y, b, a, false, m); // day first
        if (b > 12 && a <= 12) return Make(y, a, b, false, m); // month first
        return Make(y, a, b, ambiguous: a != b, m);
    }

    private static FoundDate? Make(int y, int month, int d, bool ambiguous, Match m)
    {
        if (month is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, month)) return null;
        return new FoundDate(new DateOnly(y, month, d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ambiguous, m.Index, m.Length);
    }

    private static int MonthNumber(string name)
    {
        var key = name.TrimEnd('.').ToLowerInvariant();
        return key[..3] switch
        {
            "jan" => 1, "feb" => 2, "mar" => 3, "apr" => 4, "may" => 5, "jun" => 6,
            "jul" => 7, "aug" => 8, "sep" => 9, "oct" => 10, "nov" => 11, _ => 12,
        };
    }

    /// <summary>An override date: ISO or any form <see cref="Find"/> reads; otherwise kept as given.</summary>
    public static string NormalizeOverride(string date)
    {
        var found = Find(date);
        return found is not null && found.Length >= date.Trim().Length - 2 ? found.Iso : date.Trim();
    }
}
