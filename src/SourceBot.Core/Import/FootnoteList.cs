using System.Globalization;
using System.Text.RegularExpressions;
using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Import;

/// <summary>The source's own footnote list as found in the page: the entries and the units they occupy.</summary>
internal sealed record FootnoteRun(List<Footnote> Footnotes, int FirstUnit, int LastUnit, int? HeadingUnit);

/// <summary>
/// Finds the footnote list: entries "[1] text", "[2] text", ... (or "¹ text", "² text") numbered from 1 without gaps, one per
/// line or separated by blank lines, perhaps under a "Notes"/"Footnotes"/"Endnotes"/"References" heading (under such a heading
/// "1. text" entries count too, and so do a wiki's unnumbered "^ text" entries, numbered in order). A wiki's back-links
/// ("^ a b") are not part of an entry's text. A line between two entries that is not page furniture continues the entry
/// before it. The longest such run wins.
/// </summary>
internal static partial class FootnoteList
{
    [GeneratedRegex(@"^\[(\d{1,3})\]\s*")]
    private static partial Regex BracketTag();

    [GeneratedRegex(@"^(\d{1,3})[.)]\s+(?=\S)")]
    private static partial Regex NumberTag();

    [GeneratedRegex(@"^([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})\s*(?=\S)")]
    private static partial Regex SuperscriptTag();

    /// <summary>A wiki's back-link before a reference: "^", "↑", "^ a b c".</summary>
    [GeneratedRegex(@"^[\^↑]\s*(?:a(?:\s+[b-z])+\s+)?")]
    private static partial Regex BackLink();

    private const string Superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    /// <summary>The value of a run of superscript digits ("¹²" is 12).</summary>
    public static int SuperscriptValue(string digits)
    {
        int n = 0;
        foreach (char c in digits) n = n * 10 + Superscripts.IndexOf(c, StringComparison.Ordinal);
        return n;
    }

    public static FootnoteRun? Find(List<Unit> units)
    {
        FootnoteRun? best = null;
        for (int start = 0; start < units.Count; start++)
        {
            int? heading = start > 0 && Boilerplate.NotesHeading().IsMatch(units[start - 1].Text) ? start - 1 : null;
            if (Entry(units[start], heading is not null) is not { } first || first.Number is not (1 or null)) continue;
            var run = Collect(units, start, heading);
            if (best is null || run.Footnotes.Count >= best.Footnotes.Count) best = run;
            start = run.LastUnit;
        }
        return best;
    }

    private static FootnoteRun Collect(List<Unit> units, int start, int? heading)
    {
        bool numbered = heading is not null;
        var notes = new List<Footnote>();
        var (_, firstText, _) = Entry(units[start], numbered)!.Value;
        notes.Add(new Footnote(1, firstText));
        int last = start;
        for (int i = start + 1; i < units.Count; i++)
        {
            var entry = Entry(units[i], numbered);
            if (entry is { } e)
            {
                if ((e.Number ?? notes.Count + 1) != notes.Count + 1) break;
                notes.Add(new Footnote(notes.Count + 1, e.Text));
                last = i;
                continue;
            }
            // A line between two entries, or right under the last one without a blank line, continues the entry before it,
            // unless it is page furniture.
            bool nextContinues = i + 1 < units.Count && Entry(units[i + 1], numbered) is { } n && (n.Number ?? notes.Count + 1) == notes.Count + 1;
            bool sameBlock = units[i].Block == units[i - 1].Block;
            if (!(nextContinues || sameBlock) || IsFurniture(units[i].Text) || Boilerplate.IsAboutAuthorHeading(units[i].Text)) break;
            var prev = notes[^1];
            notes[^1] = prev with { Text = prev.Text + " " + units[i].Text };
            last = i;
        }
        return new FootnoteRun(notes, start, last, heading);
    }

    /// <summary>An entry's number (null: a wiki's unnumbered "^ text" entry, the next number) and text.</summary>
    private static (int? Number, string Text, bool Superscript)? Entry(Unit u, bool allowNumbered)
    {
        var m = BracketTag().Match(u.Text);
        bool superscript = false;
        if (!m.Success)
        {
            m = SuperscriptTag().Match(u.Text);
            superscript = m.Success;
        }
        if (!m.Success && allowNumbered) m = NumberTag().Match(u.Text);
        int? number = null;
        string text;
        if (m.Success)
        {
            var digits = m.Groups[1].Value;
            number = superscript ? SuperscriptValue(digits) : int.Parse(digits, CultureInfo.InvariantCulture);
            text = u.Text[m.Length..].Trim();
        }
        else if (allowNumbered && !u.IsBullet && BackLink().Match(u.Text) is { Success: true, Length: > 0 } && u.Text[0] is '^' or '↑') text = u.Text;
        else return null;
        text = BackLink().Replace(text, "").Trim();
        if (text.Length == 0) return null;
        return (number, text, superscript);
    }

    private static bool IsFurniture(string text) =>
        Boilerplate.IsCommentCount(text) || Boilerplate.IsCommentsHeading(text) || Boilerplate.IsWidget(text) ||
        Boilerplate.IsCopyright(text, out _) || Boilerplate.IsRelatedHeading(text) || Boilerplate.IsCategoryHeading(text);
}
