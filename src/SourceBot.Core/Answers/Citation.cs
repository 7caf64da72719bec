using System.Collections.Immutable;
using System.Globalization;

namespace SourceBot.Core.Answers;

public enum CitationStyle
{
    Apa,
    Mla,
    Chicago,
}

/// <summary>
/// The citation of a source. <see cref="Date"/> is as written in the knowledge file (ISO "2010-09-13" when known);
/// fields that are unknown stay null and are left out of the formatted citation rather than guessed.
/// </summary>
public sealed record Citation(ImmutableArray<string> Authors, string Title, string? Publisher, string? Date, string? Url)
{
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");

    public DateOnly? ParsedDate =>
        Date is not null && DateOnly.TryParseExact(Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>The short human form: "Roberta Cohen, "Legal Grounds …", Brookings Institution, 13 September 2010".</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (!Authors.IsDefaultOrEmpty) parts.Add(JoinNatural(Authors));
        parts.Add($"\"{Title}\"");
        if (Publisher is not null) parts.Add(Publisher);
        var date = ParsedDate?.ToString("d MMMM yyyy", En) ?? Date;
        if (date is not null) parts.Add(date);
        return string.Join(", ", parts);
    }

    public string Format(CitationStyle style)
    {
        var d = ParsedDate;
        string url = Url is null ? "" : " " + Url;
        switch (style)
        {
            case CitationStyle.Apa:
            {
                // Author, A. A. (2010, September 13). Title. Publisher. URL
                string who = Authors.IsDefaultOrEmpty ? Title : JoinApa(Authors.Select(ApaName).ToList());
                string when = d is { } x ? $"({x.Year}, {x.ToString("MMMM d", En)})" : Date is null ? "(n.d.)" : $"({Date})";
                string title = Authors.IsDefaultOrEmpty ? "" : $" {Title}.";
                string pub = Publisher is null ? "" : $" {Publisher}.";
                return $"{Terminate(who)} {when}.{title}{pub}{url}".Trim();
            }
            case CitationStyle.Mla:
            {
                // Last, First. "Title." Publisher, 13 Sept. 2010, URL.
                string who = Authors.IsDefaultOrEmpty ? "" : Terminate(MlaNames(Authors)) + " ";
                var tail = new List<string>();
                if (Publisher is not null) tail.Add(Publisher);
                if (d is { } x) tail.Add($"{x.Day} {MlaMonth(x.Month)} {x.Year}");
                else if (Date is not null) tail.Add(Date);
                if (Url is not null) tail.Add(StripScheme(Url));
                string rest = tail.Count == 0 ? "" : " " + string.Join(", ", tail) + ".";
                return $"{who}\u201C{Terminate(Title)}\u201D{rest}";
            }
            default:
            {
                // Last, First. "Title." Publisher, September 13, 2010. URL.
                string who = Authors.IsDefaultOrEmpty ? "" : Terminate(MlaNames(Authors)) + " ";
                var tail = new List<string>();
                if (Publisher is not null) tail.Add(Publisher);
                if (d is { } x) tail.Add(x.ToString("MMMM d, yyyy", En));
                else if (Date is not null) tail.Add(Date);
                string rest = tail.Count == 0 ? "" : " " + string.Join(", ", tail) + ".";
                string link = Url is null ? "" : $" {Url}.";
                return $"{who}\u201C{Terminate(Title)}\u201D{rest}{link}";
            }
        }
    }

    /// <summary>MLA abbreviates months of more than four letters: "Sept.", "Jan."; May, June and July stay whole.</summary>
    private static string MlaMonth(int month) => month switch
    {
        1 => "Jan.", 2 => "Feb.", 3 => "Mar.", 4 => "Apr.", 5 => "May", 6 => "June", 7 => "July", 8 => "Aug.",
        9 => "Sept.", 10 => "Oct.", 11 => "Nov.", _ => "Dec.",
    };

    private static string Terminate(string s) => s.EndsWith('.') || s.EndsWith('?') || s.EndsWith('!') ? s : s + ".";

    private static string StripScheme(string url) =>
        url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? url[8..] :
        url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? url[7..] : url;

    private static string JoinNatural(IReadOnlyList<string> names) => names.Count switch
    {
        1 => names[0],
        2 => $"{names[0]} and {names[1]}",
        _ => string.Join(", ", names.Take(names.Count - 1)) + ", and " + names[^1],
    };

    private static string JoinApa(IReadOnlyList<string> names) => names.Count switch
    {
        1 => names[0],
        2 => $"{names[0]}, & {names[1]}",
        _ => string.Join(", ", names.Take(names.Count - 1)) + ", & " + names[^1],
    };

    private static (string First, string Last) Split(string name)
    {
        var parts = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length < 2 ? ("", name) : (string.Join(' ', parts[..^1]), parts[^1]);
    }

    private static string ApaName(string name)
    {
        var (first, last) = Split(name);
        if (first.Length == 0) return last;
        var initials = string.Join(" ", first.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries).Select(p => p[0] + "."));
        return $"{last}, {initials}";
    }

    private static string MlaNames(IReadOnlyList<string> names)
    {
        var (first, last) = Split(names[0]);
        string lead = first.Length == 0 ? last : $"{last}, {first}";
        return names.Count switch
        {
            1 => lead,
            2 => $"{lead}, and {names[1]}",
            _ => $"{lead}, et al",
        };
    }
}
