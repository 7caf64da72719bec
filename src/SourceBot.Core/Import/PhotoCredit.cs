using System.Text.RegularExpressions;

namespace SourceBot.Core.Import;

/// <summary>
/// The credit line under a news photo: an agency and a photographer separated by a slash ("AFP / John Smith",
/// "Reuters/Jane Doe", "Kim Lee/AP"), two agencies ("Yonhap / Getty Images", "AFP via Getty Images"), optionally after
/// "Photo:". One side must name an agency and every other side an agency or a person, so two capitalised phrases with a
/// slash between ("Portmere / Eastwick Harbour") are no credit, and neither is text with digits or lower-case words
/// ("a 50/50 split").
/// </summary>
internal static partial class PhotoCredit
{
    /// <summary>Wire and picture agencies whose name does not say what they are.</summary>
    private static readonly HashSet<string> Agencies = new(StringComparer.Ordinal)
    {
        "Reuters", "Yonhap", "Xinhua", "Kyodo", "Jiji", "Bernama", "Antara", "Anadolu", "Sputnik", "Bloomberg", "Getty",
        "Shutterstock", "Alamy", "Sipa", "Zuma", "NurPhoto", "Unsplash", "Pool", "Handout",
    };

    /// <summary>Last words that say a name is a photo supplier: "Getty Images", "Associated Press", "Alamy Stock Photo".</summary>
    private static readonly HashSet<string> AgencyEndings = new(StringComparer.Ordinal)
    {
        "Images", "Photos", "Photo", "Pictures", "Press", "Pool", "Stock", "Agency", "Newswire", "Wire", "Handout",
    };

    /// <summary>An agency's initials: "AP", "AFP", "EPA-EFE", "KCNA".</summary>
    [GeneratedRegex(@"^\p{Lu}{2,6}(?:-\p{Lu}{2,6})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Initials();

    [GeneratedRegex(@"^(?:photo\s+credit|photo(?:graph)?|image|picture|credit)s?\s*:\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CreditLabel();

    [GeneratedRegex(@"\s*/\s*|\s+via\s+", RegexOptions.CultureInvariant)]
    private static partial Regex SideSeparator();

    [GeneratedRegex(@"[.!?][""”’)]?\s+", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();

    /// <summary>The whole line is a credit: two or three sides split by '/' or "via", at least one an agency.</summary>
    public static bool IsCreditLine(string text)
    {
        var t = CreditLabel().Replace(text.Trim(), "");
        if (t.Length is 0 or > 100 || PageText.WordCount(t) > 12 || t.Any(char.IsDigit)) return false;
        var sides = SideSeparator().Split(t);
        if (sides.Length is < 2 or > 3) return false;
        bool agency = false;
        foreach (var side in sides)
        {
            if (IsAgency(side)) agency = true;
            else if (!Boilerplate.IsPersonName(side)) return false;
        }
        return agency;
    }

    /// <summary>A caption whose last sentence is followed by its credit: "Rescuers search the rubble. AFP / John Smith".</summary>
    public static bool EndsCaption(string text)
    {
        if (PageText.WordCount(text) > 60) return false;
        foreach (Match m in SentenceEnd().Matches(text))
        {
            if (PageText.WordCount(text[..m.Index]) >= 3 && IsCreditLine(text[(m.Index + m.Length)..])) return true;
        }
        return false;
    }

    private static bool IsAgency(string side)
    {
        var words = side.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is 0 or > 5) return false;
        if (words.Length == 1 && Initials().IsMatch(words[0])) return true;
        if (!words.All(w => char.IsUpper(w[0]))) return false;
        return Agencies.Contains(words[0]) || AgencyEndings.Contains(words[^1]);
    }
}
