using System.Collections.Immutable;
using System.Text.RegularExpressions;
using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Import;

/// <summary>
/// Finds the article in a page dump and sorts everything else out, with general heuristics:
/// <list type="number">
/// <item>the footnote list ("[1] ..." or "¹ ..." entries numbered from 1) marks where the article ends; when the text cites
/// it with superscript or flattened digits ("home.¹", "cities.1") in order, those become "[n]" markers;</item>
/// <item>the body is the densest run of prose: each line scores its word count when it reads as prose and a penalty when it
/// does not (menus, labels, headings), the run with the highest total wins, and section breaks of page furniture (comment,
/// category, related-posts, dedication, contact headings, copyright lines, a "###" end mark, the footnote list) cannot be
/// crossed, except a box of related links set between paragraphs of the article;</item>
/// <item>the header above the body gives the metadata: the title is the heading line above the first date line or byline
/// (without one: the heading the first sentence names, else the last heading above the body); bylines ("By X", "Author: X",
/// a bare name under the title) give authors, date lines the date, or else a wire dateline opening the first paragraph;</item>
/// <item>share bars, one line ("Share this via Facebook Twitter Email") or set vertically (a run of network names), and photo
/// credits ("AFP / John Smith") are page furniture wherever they stand;</item>
/// <item>inside the body, captions, section headings, "first published in" lines, author bios, an "About X" boilerplate, an
/// editor's summary and pull quotes (paragraphs repeated inside another paragraph) are dropped; bullet lists join the
/// paragraph that introduces them;</item>
/// <item>outside the body every line is dropped with a reason, sidebar sections inheriting the reason of their heading.</item>
/// </list>
/// </summary>
internal sealed partial class PageAnalysis
{
    private const int NonProsePenalty = 8;

    private readonly List<Unit> _units;
    private readonly ImportOptions _options;
    private readonly List<MetadataFinding> _findings = [];
    private readonly List<string> _warnings = [];
    private readonly List<string> _authors = [];
    private string? _authorsOrigin;
    private FootnoteRun? _footnotes;
    private int _bodyStart, _bodyEnd; // inclusive unit range
    private int _titleIndex = -1;
    private string? _title, _titleOrigin, _date, _dateOrigin;
    private string? _translationCredit, _firstPublished, _firstPublishedOutlet;
    private int _firstPublishedLine;

    private PageAnalysis(List<Unit> units, ImportOptions options)
    {
        _units = units;
        _options = options;
    }

    public static (Source Source, ImportReport Report) Run(string raw, ImportOptions options, string where, string? fileName)
    {
        PageText.EnsureText(raw, where);
        var units = PageText.Units(PageText.Normalize(raw));
        var analysis = new PageAnalysis(units, options);
        return analysis.Analyse(where, fileName);
    }

    private (Source, ImportReport) Analyse(string where, string? fileName)
    {
        _footnotes = FootnoteList.Find(_units);
        ConvertDigitMarkers();
        DropVerticalShareBars();
        FindBody(where);
        ReadHeader();
        ClassifyOutside(0, _bodyStart - 1, header: true);
        ClassifyOutside(_bodyEnd + 1, _units.Count - 1, header: false);
        ClassifyBody();
        FindAuthorsInBios();
        DropSummaryAndPullQuotes();

        var paragraphs = BuildParagraphs();
        int words = paragraphs.Sum(p => PageText.WordCount(p.Text));
        if (paragraphs.Count == 0 || words < 30)
            throw new ImportException($"No article body found in {where}: after removing page furniture only {words} words of prose are left. Is this a copy of an article page?");

        if (_date is null) DateFromDateline(paragraphs);
        var metadata = BuildMetadata();
        var id = ResolveId(fileName, metadata.Title);
        var footnotes = _footnotes?.Footnotes ?? [];
        CheckFootnoteMarkers(paragraphs, footnotes);

        var passages = paragraphs.Select((p, i) => new Passage(Source.PassageId(id, i + 1), id, p.Text)).ToImmutableArray();
        var source = new Source(id, metadata, passages, [.. footnotes], passages.Length + 1);
        var report = new ImportReport(id, passages.Length, footnotes.Count, DroppedBlocks(), [.. _findings], [.. _warnings]);
        return (source, report);
    }

    // ---- 0. footnote markers ------------------------------------------------------------------------------------------

    /// <summary>A superscript-digit marker: after punctuation or a word of three or more letters ("home.¹", "Hooker²").</summary>
    [GeneratedRegex(@"(?<=(?:[\p{P}]|\p{L}{3}))[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}(?=[\s\p{P}]|$)", RegexOptions.CultureInvariant)]
    private static partial Regex SuperscriptMarker();

    /// <summary>
    /// A raised digit that lost its formatting in the copy: glued to the punctuation after a word ("cities.1 Mid-sized",
    /// "leaves,2 and", "said.”3"), before a space or the end of the line; after a full stop the next word is capitalised.
    /// </summary>
    [GeneratedRegex(@"(?<=\p{L}[.,;:!?]|\p{L}[.,;:!?]?[”""’)])(?<n>\d{1,3})(?=\s+(?![\p{Ll}\d])|\s*$)|(?<=\p{L}[,;:])(?<n>\d{1,3})(?=\s)", RegexOptions.CultureInvariant)]
    private static partial Regex PlainDigitMarker();

    /// <summary>
    /// Pages whose footnote list was found but whose text marks the notes with superscript digits ("¹") or with raised digits
    /// that the copy flattened ("cities.1") get "[n]" markers instead, the form the knowledge format uses. Only when the page
    /// has no "[n]" markers and the candidates, read in page order, cite every note 1..N in turn (superscripts may also repeat
    /// an earlier number); anything else is left as it is.
    /// </summary>
    private void ConvertDigitMarkers()
    {
        if (_footnotes is null || _footnotes.Footnotes.Count == 0) return;
        int count = _footnotes.Footnotes.Count;
        bool Outside(int i) => !InFootnotes(i) && _footnotes.HeadingUnit != i;
        for (int i = 0; i < _units.Count; i++)
        {
            if (Outside(i) && FootnoteMarkers.NumbersIn(_units[i].Text).Any(n => n <= count)) return;
        }
        foreach (bool superscript in new[] { true, false })
        {
            var accepted = new List<(int Unit, int Index, int Length, int Number)>();
            int next = 1;
            for (int i = 0; i < _units.Count; i++)
            {
                if (!Outside(i)) continue;
                var regex = superscript ? SuperscriptMarker() : PlainDigitMarker();
                foreach (Match m in regex.Matches(_units[i].Text))
                {
                    int n = superscript ? FootnoteList.SuperscriptValue(m.Value) : int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture);
                    if (n == next) next++;
                    else if (!(superscript && n >= 1 && n < next)) continue;
                    accepted.Add((i, m.Index, m.Length, n));
                }
            }
            if (next - 1 != count) continue;
            foreach (var group in accepted.GroupBy(a => a.Unit))
            {
                var u = _units[group.Key];
                var text = u.Text;
                foreach (var a in group.OrderByDescending(a => a.Index))
                    text = text[..a.Index] + "[" + a.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]" + text[(a.Index + a.Length)..];
                u.Text = text;
            }
            var example = accepted[0];
            _warnings.Add($"the page marks its notes with {(superscript ? "superscript digits" : "digits set against the text")} (line {_units[example.Unit].FirstLine}); {accepted.Count} markers were written as [n]: check them.");
            return;
        }
    }

    // ---- 1. the body ------------------------------------------------------------------------------------------------

    /// <summary>
    /// A share bar set vertically: a run of lines, each a network name or a share label, with at least two names. Names
    /// such as "Line" or "Threads" are ordinary words alone, so only the run tells. A run that a line ending in ':' introduces
    /// is a list in the article ("The platforms studied were:"), unless that line is itself a share label ("Share this:").
    /// </summary>
    private void DropVerticalShareBars()
    {
        bool InRun(int k) => k < _units.Count && !InFootnotes(k) && _units[k].Reason is null &&
                             (ShareWidget.IsNetworkName(_units[k].Text) || Boilerplate.IsWidget(_units[k].Text));
        int i = 0;
        while (i < _units.Count)
        {
            int end = i;
            while (InRun(end)) end++;
            var names = Enumerable.Range(i, end - i).Where(k => ShareWidget.IsNetworkName(_units[k].Text)).ToList();
            bool introducedAsList = i > 0 && PageText.TrimClosers(_units[i - 1].Text).EndsWith(':') && !Boilerplate.IsWidget(_units[i - 1].Text);
            if (names.Count >= 2 && !introducedAsList)
            {
                foreach (var k in names) _units[k].Drop(DropReason.ShareOrSubscribe);
            }
            i = Math.Max(end, i + 1);
        }
    }

    private bool InFootnotes(int i) => _footnotes is not null && i >= _footnotes.FirstUnit && i <= _footnotes.LastUnit;

    private void FindBody(string where)
    {
        DropRelatedBoxesInsideProse();
        int bestSum = 0, bestStart = -1, bestEnd = -1;
        int sum = 0, start = 0;
        for (int i = 0; i <= _units.Count; i++)
        {
            if (i < _units.Count && _units[i].Reason == DropReason.RelatedLinks) continue; // a box of links inside the article
            bool barrier = i == _units.Count || InFootnotes(i) || _footnotes?.HeadingUnit == i || IsSectionBreak(_units[i]);
            if (barrier)
            {
                sum = 0;
                start = i + 1;
                continue;
            }
            if (sum <= 0)
            {
                sum = 0;
                start = i;
            }
            sum += Score(_units[i]);
            if (sum > bestSum)
            {
                bestSum = sum;
                bestStart = start;
                bestEnd = i;
            }
        }
        if (bestStart < 0)
            throw new ImportException($"No article body found in {where}: no line reads as running prose (sentences of six or more words). Is this a copy of an article page?");

        // Date lines and bylines belong to the header even when a prose line above them (a site description) was pulled in.
        int totalWords = 0;
        for (int i = bestStart; i <= bestEnd; i++) totalWords += _units[i].Words;
        int seen = 0;
        for (int i = bestStart; i <= bestEnd; i++)
        {
            var u = _units[i];
            seen += u.Words;
            if (seen * 4 > totalWords) break;
            if (IsDateLine(u, out _) || IsByline(u)) bestStart = i + 1;
        }
        _bodyStart = bestStart;
        _bodyEnd = bestEnd;
    }

    /// <summary>
    /// A "Related stories" box set inside the article: a related-links heading between two prose paragraphs, then two to
    /// eight headline lines (no sentences, no dates), then at least two more prose paragraphs. The box is dropped up front so
    /// that it does not end the body; a related heading followed by anything else still ends it.
    /// </summary>
    private void DropRelatedBoxesInsideProse()
    {
        for (int i = 1; i < _units.Count; i++)
        {
            if (!Boilerplate.IsRelatedHeading(_units[i].Text) || !PageText.IsProse(_units[i - 1]) || InFootnotes(i)) continue;
            int j = i + 1;
            while (j < _units.Count && j - i <= 8 && IsHeadlineLink(_units[j])) j++;
            int items = j - i - 1;
            if (items < 2 || j + 1 >= _units.Count || !PageText.IsProse(_units[j]) || !PageText.IsProse(_units[j + 1]) || InFootnotes(j)) continue;
            for (int k = i; k < j; k++) _units[k].Drop(DropReason.RelatedLinks, "inside the article");
            i = j;
        }
    }

    private static bool IsHeadlineLink(Unit u) =>
        !PageText.IsProse(u) && u.Words is >= 2 and <= 16 && !IsDateLine(u, out _) && DateText.Find(u.Text) is null && !IsSectionBreak(u);

    private static int Score(Unit u)
    {
        var t = u.Text;
        if (Boilerplate.IsCaption(t) || Boilerplate.IsCookieNotice(t) || Boilerplate.IsWidget(t) || Boilerplate.IsNavigationLabel(t) || Boilerplate.IsCommentCount(t) || Boilerplate.IsImagePlaceholder(t))
            return -NonProsePenalty;
        if (u.IsBullet) return u.Words >= 4 ? u.Words : -NonProsePenalty;
        return PageText.IsProse(u) ? u.Words : -NonProsePenalty;
    }

    /// <summary>Headings and lines after which a page no longer continues the article: comments, sidebars, footers.</summary>
    private static bool IsSectionBreak(Unit u)
    {
        var t = u.Text;
        return Boilerplate.IsCommentCount(t) || Boilerplate.IsCommentsHeading(t) || Boilerplate.IsRelatedHeading(t) ||
               Boilerplate.IsCategoryHeading(t) || Boilerplate.IsAboutAuthorHeading(t) || Boilerplate.IsCopyright(t, out _) ||
               Boilerplate.NotesHeading().IsMatch(t) || Boilerplate.IsEndMarker(t) || Boilerplate.IsContactHeading(t) || (Boilerplate.IsDedication(t) && u.Words <= 12 && !PageText.EndsSentence(t));
    }

    // ---- 2. the header: title, bylines, dates -------------------------------------------------------------------------

    private static bool IsDateLine(Unit u, out FoundDate? date)
    {
        date = u.IsBullet || u.Words > 20 ? null : DateText.DateLine(u.Text, out _);
        return date is not null;
    }

    private static bool IsByline(Unit u) => !u.IsBullet && Boilerplate.BylineNames(u.Text) is { } names && (names.Count > 0 || u.Words <= 2);

    private void ReadHeader()
    {
        int end = _bodyStart; // exclusive
        int? anchor = null;
        for (int i = 0; i < end && anchor is null; i++)
        {
            if (IsDateLine(_units[i], out _) || IsByline(_units[i])) anchor = i;
        }

        // The title: the nearest heading-like line above the first date line or byline, skipping names, affiliations,
        // comment counters and labels; without such an anchor, the last heading-like line above the body.
        int titleIndex = anchor is null ? TitleNamedByFirstParagraph(end) : -1;
        bool named = titleIndex >= 0;
        int from = (anchor ?? end) - 1;
        foreach (bool allowNames in new[] { false, true }) // a line that could be a name is the title only when nothing else is
        {
            if (titleIndex >= 0) break;
            for (int i = from; i >= 0 && i >= from - 6 && titleIndex < 0; i--)
            {
                if (IsTitleLike(_units[i], i, allowNames)) titleIndex = i;
            }
            if (titleIndex >= 0) break;
        }
        if (titleIndex < 0 && anchor is not null)
        {
            for (int i = end - 1; i > anchor; i--)
            {
                if (IsTitleLike(_units[i], i, allowNames: false)) { titleIndex = i; break; }
            }
        }
        // A title and its subtitle are two heading lines with no blank line between; the upper one is the title unless it
        // is a short kicker ("Opinion", "World News"). Without a date line or byline to anchor the title, a heading line that
        // stands alone right above the heading found (a blank line between) is the title and that one its subtitle.
        int subtitleIndex = -1;
        if (titleIndex > 0 && !named && _units[titleIndex - 1].Words >= 4 && IsTitleLike(_units[titleIndex - 1], titleIndex - 1, allowNames: false) &&
            (_units[titleIndex - 1].Block == _units[titleIndex].Block ||
             anchor is null && _units[titleIndex - 1].Block == _units[titleIndex].Block - 1 && IsAloneInBlock(titleIndex - 1) && IsAloneInBlock(titleIndex)))
        {
            subtitleIndex = titleIndex;
            titleIndex--;
        }
        if (titleIndex >= 0)
        {
            var t = _units[titleIndex];
            _title = t.Text;
            _titleOrigin = $"line {t.FirstLine}: " + (named ? "the heading the first sentence names" : anchor is not null && titleIndex < anchor ? "the heading above the date line/byline" : "the last heading above the body");
            t.Drop(DropReason.Metadata, "title");
            _titleIndex = titleIndex;
            if (subtitleIndex >= 0)
            {
                _units[subtitleIndex].Drop(DropReason.Metadata, "subtitle");
                _titleIndex = subtitleIndex;
            }
        }

        // Dates and bylines.
        FoundDate? ambiguous = null;
        int ambiguousLine = 0;
        for (int i = 0; i < end; i++)
        {
            var u = _units[i];
            if (u.Reason is not null) continue;
            if (IsDateLine(u, out var date))
            {
                DateText.DateLine(u.Text, out var by);
                if (by is not null) AddAuthors(Boilerplate.BylineNames(by) ?? [], $"line {u.FirstLine}: byline \"{ImportReport.Shorten(u.Text, 50)}\"");
                u.Drop(DropReason.Metadata, "date line");
                if (_date is null && !date!.Ambiguous) { _date = date.Iso; _dateOrigin = $"line {u.FirstLine}: \"{ImportReport.Shorten(u.Text, 40)}\""; }
                else if (date!.Ambiguous && ambiguous is null) { ambiguous = date; ambiguousLine = u.FirstLine; }
                continue;
            }
            if (IsByline(u))
            {
                AddAuthors(Boilerplate.BylineNames(u.Text)!, $"line {u.FirstLine}: byline \"{ImportReport.Shorten(u.Text, 50)}\"");
                u.Drop(DropReason.Metadata, "byline");
                continue;
            }
            if (Boilerplate.IsCredit(u.Text))
            {
                if (Boilerplate.IsTranslationCredit(u.Text)) _translationCredit = u.Text;
                u.Drop(DropReason.Metadata, "credits");
            }
        }
        if (_date is null && ambiguous is null)
        {
            // Only a month and year ("March 2022") near the title: keep the month.
            for (int i = Math.Max(_titleIndex - 1, 0); i < end && _date is null; i++)
            {
                var u = _units[i];
                if (u.Reason is not null || DateText.MonthLine(u.Text) is not { } month) continue;
                _date = month;
                _dateOrigin = $"line {u.FirstLine}: \"{u.Text}\" (month only)";
                u.Drop(DropReason.Metadata, "date line");
            }
        }
        if (_date is null && ambiguous is not null)
        {
            _date = ambiguous.Iso;
            _dateOrigin = $"line {ambiguousLine} (read month first; day first would also be a valid date)";
            _warnings.Add($"the date on line {ambiguousLine} could be read month-first or day-first; took month-first ({ambiguous.Iso}). Pass a date override if that is wrong.");
        }

        // A bare name between the title and the body is a byline when something corroborates it: a date line beside it, an
        // affiliation line under it, an editor's summary naming it, or a bio "Name is ...".
        for (int i = Math.Max(titleIndex + 1, 0); i < end; i++)
        {
            var u = _units[i];
            if (u.Reason is not null || u.IsBullet) continue;
            var names = Boilerplate.IsPersonName(u.Text) ? [u.Text] : BareNameList(u.Text);
            if (names.Count == 0 || !names.All(n => Corroborated(n, i))) continue;
            AddAuthors(names, $"line {u.FirstLine}: name under the title");
            u.Drop(DropReason.Metadata, "byline");
        }

        // Affiliations right under a byline: "Professor of ...", "Name Former Fellow, ...".
        for (int i = 1; i < end; i++)
        {
            var u = _units[i];
            if (u.Reason is not null) continue;
            var prev = _units[i - 1];
            bool underByline = prev.Reason == DropReason.Metadata && prev.Detail is "byline" or "date line" or "credits" || prev.Reason == DropReason.AuthorBio;
            if (!underByline) continue;
            if (Boilerplate.LooksLikeAffiliation(u.Text) || _authors.Any(a => u.Text.StartsWith(a + " ", StringComparison.Ordinal) && !PageText.IsProse(u)))
                u.Drop(DropReason.AuthorBio, "affiliation");
        }
    }

    private bool IsAloneInBlock(int i) =>
        (i == 0 || _units[i - 1].Block != _units[i].Block) && (i + 1 >= _units.Count || _units[i + 1].Block != _units[i].Block);

    /// <summary>
    /// Without a date line or byline: the heading line above the body that the article's first sentence names, as an
    /// encyclopedia entry does ("Stockton and Darlington Railway" over "The Stockton and Darlington Railway (S&amp;DR) was a
    /// railway company ..."), searching up to 40 lines above the body, nearest first; -1 when there is none.
    /// </summary>
    private int TitleNamedByFirstParagraph(int end)
    {
        int first = -1;
        for (int i = end; i < _units.Count && i <= _bodyEnd; i++)
        {
            if (_units[i].Reason is null && PageText.IsProse(_units[i])) { first = i; break; }
        }
        if (first < 0) return -1;
        var opening = string.Join(' ', PageText.Tokens(_units[first].Text).Take(15));
        for (int i = end - 1; i >= 0 && i >= end - 40; i--)
        {
            var u = _units[i];
            var tokens = PageText.Tokens(u.Text);
            if (tokens.Length == 0 || u.Text.Length < 4) continue;
            bool titleLike = u.Words == 1
                ? u.Reason is null && !u.IsBullet && !u.IsTableRow && char.IsUpper(u.Text[0]) && !Boilerplate.IsNavigationLabel(u.Text) && !Boilerplate.IsWidget(u.Text)
                : IsTitleLike(u, i, allowNames: true);
            if (!titleLike) continue;
            var phrase = string.Join(' ', tokens);
            bool mentioned = u.Words == 1
                ? Regex.IsMatch(opening, @"^(?:(?:the|a|an) )?" + Regex.Escape(phrase) + @"\b", RegexOptions.CultureInvariant)
                : (" " + opening + " ").Contains(" " + phrase + " ", StringComparison.Ordinal);
            if (mentioned) return i;
        }
        return -1;
    }

    private List<string> BareNameList(string text)
    {
        if (!Regex.IsMatch(text, @"\b(?:and|&)\b|,", RegexOptions.CultureInvariant) || PageText.EndsSentence(text)) return [];
        var parts = Regex.Split(text, @"\s*(?:,|&|\band\b)\s*", RegexOptions.CultureInvariant).Where(p => p.Length > 0).ToList();
        return parts.Count >= 2 && parts.All(Boilerplate.IsPersonName) ? parts : [];
    }

    private bool Corroborated(string name, int index)
    {
        // Right above or below a date line: "Tom Becker / Jun 5, 2019".
        if (index + 1 < _bodyStart && IsDateLine(_units[index + 1], out _) || index > 0 && IsDateLine(_units[index - 1], out _))
            return true;
        if (index + 1 < _units.Count)
        {
            var next = _units[index + 1].Text;
            if (next.StartsWith(name + " ", StringComparison.Ordinal) || next.StartsWith(name + ",", StringComparison.Ordinal) || Boilerplate.LooksLikeAffiliation(next))
                return true;
        }
        // An editor's summary under the byline ("Academic X notes that ...") or a bio ("X is a ...") outside the article or at
        // its very end. Mentions deeper in the article prove nothing: "North Korea says ..." does not make a byline.
        var reporting = new Regex(@"\b" + Regex.Escape(name) + @"\b(?:,[^,]{1,60},)?\s+(?:notes|argues|writes|explains|examines|discusses|suggests|contends|observes|looks at)\b", RegexOptions.CultureInvariant);
        for (int i = 0; i < _units.Count; i++)
        {
            if (i == index) continue;
            bool nearHeader = i <= _bodyStart;
            bool outsideOrLast = i < _bodyStart || i >= _bodyEnd - 1;
            if (nearHeader && reporting.IsMatch(_units[i].Text) || outsideOrLast && Boilerplate.BioSubject(_units[i].Text) == name) return true;
        }
        return false;
    }

    private bool IsTitleLike(Unit u, int index, bool allowNames)
    {
        var t = u.Text;
        if (u.Reason is not null || u.IsBullet || u.IsTableRow || u.Words is < 2 or > 30 || t.Length > 250) return false;
        if (PageText.TrimClosers(t).EndsWith('.') || t.Contains(" | ", StringComparison.Ordinal) || DateText.MonthLine(t) is not null) return false;
        if (IsDateLine(u, out _) || IsByline(u) || Boilerplate.IsCredit(t) || (!allowNames && Boilerplate.IsPersonName(t)) || Boilerplate.LooksLikeAffiliation(t)) return false;
        if (Boilerplate.IsCommentCount(t) || Boilerplate.IsWidget(t) || Boilerplate.IsNavigationLabel(t) || Boilerplate.IsCategoryHeading(t) || Boilerplate.IsRelatedHeading(t) ||
            Boilerplate.IsCopyright(t, out _) || Boilerplate.IsImagePlaceholder(t) || Boilerplate.IsCaption(t)) return false;
        // "Name Former Fellow, ..." under a bare name line.
        if (index > 0 && Boilerplate.IsPersonName(_units[index - 1].Text) && t.StartsWith(_units[index - 1].Text + " ", StringComparison.Ordinal)) return false;
        return char.IsUpper(t[0]) || char.IsDigit(t[0]) || !char.IsLetter(t[0]);
    }

    private void AddAuthors(IEnumerable<string> names, string origin)
    {
        bool added = false;
        foreach (var name in names)
        {
            var n = Boilerplate.WithoutHonorific(name);
            if (_authors.Contains(n, StringComparer.OrdinalIgnoreCase)) continue;
            _authors.Add(n);
            added = true;
        }
        if (added) _authorsOrigin ??= origin;
    }

    // ---- 3. outside the body ----------------------------------------------------------------------------------------

    /// <summary>The reason a line is page furniture wherever it stands, or null.</summary>
    private (DropReason Reason, string? Detail)? Furniture(Unit u, bool outside)
    {
        var t = u.Text;
        if (Boilerplate.IsImagePlaceholder(t)) return (DropReason.PhotoCaption, "image placeholder");
        if (PhotoCredit.IsCreditLine(t)) return (DropReason.PhotoCaption, "photo credit");
        if (Boilerplate.IsCaption(t)) return (DropReason.PhotoCaption, null);
        if (Boilerplate.IsFirstPublished(t, out var outlet))
        {
            if (_firstPublished is null)
            {
                _firstPublished = t;
                _firstPublishedOutlet = outlet;
                _firstPublishedLine = u.FirstLine;
            }
            return (DropReason.FirstPublished, null);
        }
        if (Boilerplate.IsCopyright(t, out _)) return (DropReason.FooterOrCopyright, null);
        if (Boilerplate.IsEndMarker(t)) return (DropReason.Navigation, "end mark");
        if (Boilerplate.IsCookieNotice(t)) return (DropReason.Navigation, "cookie notice");
        if (Boilerplate.IsCommentCount(t) || Boilerplate.IsCommentsHeading(t)) return (DropReason.Comments, null);
        if (Boilerplate.IsRelatedHeading(t)) return (DropReason.RelatedLinks, null);
        if (Boilerplate.IsCategoryHeading(t)) return (DropReason.CategoryOrArchiveList, null);
        if (DateText.MonthYear().IsMatch(t)) return (DropReason.CategoryOrArchiveList, "archive entry");
        if (Boilerplate.IsDedication(t)) return (DropReason.Dedication, null);
        if (Boilerplate.IsAboutAuthorHeading(t)) return (DropReason.AuthorBio, null);
        if (Boilerplate.IsNavigationLabel(t)) return (DropReason.Navigation, null);
        if (Boilerplate.IsWidget(t)) return (DropReason.ShareOrSubscribe, null);
        if (outside && Boilerplate.IsSelfDescription(t, out _)) return (DropReason.Navigation, "site description");
        if (Boilerplate.IsCredit(t)) return (DropReason.Metadata, "credits");
        return null;
    }

    /// <summary>A heading that opens a sidebar section whose lines all share its reason.</summary>
    private static DropReason? SectionOf(Unit u)
    {
        var t = u.Text;
        if (Boilerplate.IsCommentsHeading(t)) return DropReason.Comments;
        if (Boilerplate.IsRelatedHeading(t)) return DropReason.RelatedLinks;
        if (Boilerplate.IsBareCategoryHeading(t)) return DropReason.CategoryOrArchiveList;
        if (Boilerplate.IsDedication(t) && u.Words <= 6) return DropReason.Dedication;
        if (Boilerplate.IsAboutAuthorHeading(t)) return DropReason.AuthorBio;
        if (Boilerplate.IsContactHeading(t)) return DropReason.ShareOrSubscribe;
        return null;
    }

    private void ClassifyOutside(int from, int to, bool header)
    {
        DropReason? section = null;
        int sectionIndent = 0;
        for (int i = from; i <= to; i++)
        {
            var u = _units[i];
            if (InFootnotes(i)) continue;
            if (_footnotes?.HeadingUnit == i) { u.Drop(DropReason.SectionHeading, "footnote heading"); continue; }
            if (section is not null && u.Indent < sectionIndent) section = null;
            var opens = SectionOf(u) ?? (!header && Boilerplate.IsCommentCount(u.Text) ? DropReason.Comments : null);
            if (opens is not null) { section = opens; sectionIndent = u.Indent; }
            if (u.Reason is not null) continue;

            // A date inside a sidebar or comment section dates that section (a comment's timestamp), not the article.
            if (!header && IsDateLine(u, out var date) && section is null)
            {
                if (_date is null) { _date = date!.Iso; _dateOrigin = $"line {u.FirstLine}: \"{ImportReport.Shorten(u.Text, 40)}\" (below the article)"; }
                u.Drop(DropReason.Metadata, "date line");
                continue;
            }
            if (u.IsBullet && u.Words <= 6) { u.Drop(DropReason.Navigation); continue; }
            if (Furniture(u, outside: true) is { } f) { u.Drop(f.Reason, f.Detail); continue; }
            if (u.IsTableRow && !PageText.IsProse(u)) { u.Drop(DropReason.OutsideArticle, "table or infobox row"); continue; }
            if (section is not null) { u.Drop(section.Value); continue; }
            if (!header && Boilerplate.BioSubject(u.Text) is { } subject &&
                (_authors.Contains(subject, StringComparer.OrdinalIgnoreCase) || Boilerplate.SoundsLikeBio(u.Text)))
            {
                u.Drop(DropReason.AuthorBio);
                continue;
            }
            if (header && u.Words <= 3 && !u.IsBullet && u.Text.All(c => char.IsLower(c) || c is ' ' or '-' or '&'))
            {
                u.Drop(DropReason.CategoryOrArchiveList, "category label");
                continue;
            }
            if (header && i > _titleIndex && _titleIndex >= 0)
            {
                // Between the title and the body: a heading ("Summary", a series name) or some other line above the article.
                if (!u.Text.Any(char.IsLetter)) u.Drop(DropReason.ShortFragment, "above the article");
                else if (u.Words <= 12 && !PageText.EndsSentence(u.Text)) u.Drop(DropReason.SectionHeading, "above the article");
                else u.Drop(DropReason.OutsideArticle, "above the article");
            }
            else if (header || u.IsBullet || (u.Words <= 6 && !PageText.IsProse(u))) u.Drop(DropReason.Navigation);
            else u.Drop(DropReason.OutsideArticle, "after the article");
        }
    }

    // ---- 4. inside the body -----------------------------------------------------------------------------------------

    private void ClassifyBody()
    {
        for (int i = _bodyStart; i <= _bodyEnd; i++)
        {
            var u = _units[i];
            if (u.Reason is not null) continue;
            if (Furniture(u, outside: false) is { } f) { u.Drop(f.Reason, f.Detail); continue; }
            if (IsDateLine(u, out _)) { u.Drop(DropReason.Metadata, "date line"); continue; }
            if (!u.IsBullet && u.Words <= 12 && Boilerplate.BylineNames(u.Text) is { Count: > 0 }) { u.Drop(DropReason.Metadata, "byline"); continue; }
            if (u.IsBullet) continue; // lists are judged as a whole below
            bool question = PageText.TrimClosers(u.Text).EndsWith('?') && u.Words <= 12;
            if ((!PageText.EndsSentence(u.Text) && u.Words <= 15) || question)
            {
                bool beforeProse = NextUnit(i) is { } next && PageText.IsProse(next);
                u.Drop(beforeProse ? DropReason.SectionHeading : DropReason.ShortFragment);
                continue;
            }
            if (u.Words < 3) u.Drop(DropReason.ShortFragment);
        }
        ClassifyLists();
        FindBios();
        DropAboutTheOrganisation();
    }

    [GeneratedRegex(@"^About\s+(?<name>\p{Lu}[\w'’&.-]*(?:\s+[\w'’&.-]+){0,6})\s*:?$", RegexOptions.CultureInvariant)]
    private static partial Regex AboutHeading();

    /// <summary>
    /// An "About X" heading followed by a paragraph that opens with X ("About Acme" / "Acme is a ...") is the boilerplate a
    /// press release or a partner page ends with: that section, up to the next heading or the end of the body, is dropped.
    /// </summary>
    private void DropAboutTheOrganisation()
    {
        for (int i = _bodyStart; i <= _bodyEnd; i++)
        {
            var m = AboutHeading().Match(_units[i].Text);
            if (!m.Success || PageText.EndsSentence(_units[i].Text)) continue;
            var name = Regex.Replace(m.Groups["name"].Value, @"^the\s+", "", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            int next = i + 1;
            while (next <= _bodyEnd && _units[next].Reason is not null && _units[next].Reason != DropReason.SectionHeading) next++;
            if (next > _bodyEnd || _units[next].Reason is not null) continue;
            var opening = Regex.Replace(_units[next].Text, @"^the\s+", "", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            if (!opening.StartsWith(name + " ", StringComparison.Ordinal) && !opening.StartsWith(name + ",", StringComparison.Ordinal) && !opening.StartsWith(name + " (", StringComparison.Ordinal)) continue;
            _units[i].Drop(DropReason.OutsideArticle, "about the organisation");
            for (int k = next; k <= _bodyEnd; k++)
            {
                var u = _units[k];
                if (u.Reason == DropReason.SectionHeading) break;
                if (u.Reason is null) u.Drop(DropReason.OutsideArticle, "about the organisation");
            }
        }
    }

    private Unit? NextUnit(int i) => i + 1 < _units.Count && i + 1 <= _bodyEnd ? _units[i + 1] : null;

    /// <summary>A bullet run is article content when a paragraph ending in ':' introduces it or its items are sentences.</summary>
    private void ClassifyLists()
    {
        int i = _bodyStart;
        while (i <= _bodyEnd)
        {
            if (!_units[i].IsBullet || _units[i].Reason is not null) { i++; continue; }
            int j = i;
            while (j + 1 <= _bodyEnd && _units[j + 1].IsBullet) j++;
            var items = _units.GetRange(i, j - i + 1).Where(u => u.Reason is null).ToList();
            var intro = PreviousKept(i);
            bool introduced = intro is not null && !intro.IsBullet && PageText.TrimClosers(intro.Text).EndsWith(':');
            double average = items.Count == 0 ? 0 : items.Average(u => u.Words);
            if (!introduced && average < 4)
            {
                foreach (var u in items) u.Drop(DropReason.Navigation, "short list");
            }
            i = j + 1;
        }
    }

    private Unit? PreviousKept(int i)
    {
        for (int k = i - 1; k >= _bodyStart; k--)
        {
            if (_units[k].Reason is null) return _units[k];
        }
        return null;
    }

    /// <summary>
    /// "Name is a ..." among the last two lines of the body about a known author, or as the very last line about someone
    /// when no author is known and it reads like a biography (roles, studies, affiliations): the author's bio.
    /// </summary>
    private void FindBios()
    {
        int checkedParagraphs = 0;
        for (int i = _bodyEnd; i >= _bodyStart && checkedParagraphs < 2; i--)
        {
            var u = _units[i];
            if (u.Reason is not null || u.IsBullet) continue;
            checkedParagraphs++;
            var subject = Boilerplate.BioSubject(u.Text);
            if (subject is null) continue;
            bool known = _authors.Contains(subject, StringComparer.OrdinalIgnoreCase);
            bool unknownButBio = _authors.Count == 0 && checkedParagraphs == 1 && Boilerplate.SoundsLikeBio(u.Text);
            if (known || unknownButBio) u.Drop(DropReason.AuthorBio);
        }
    }

    /// <summary>Without a byline, an author bio ("Name is a ...") below the article names the author.</summary>
    private void FindAuthorsInBios()
    {
        if (_authors.Count > 0) return;
        foreach (var u in _units)
        {
            if (u.Reason != DropReason.AuthorBio) continue;
            var subject = Boilerplate.BioSubject(u.Text);
            if (subject is not null) AddAuthors([subject], $"line {u.FirstLine}: author bio \"{ImportReport.Shorten(u.Text, 40)}\"");
        }
    }

    /// <summary>
    /// Pull quotes: a paragraph whose text appears again inside another paragraph is dropped (the longer one keeps the text).
    /// Summary: a first paragraph that names the author in the third person, or that a later paragraph largely repeats
    /// (60% of the shorter one's word trigrams) without being a copy of it, is an editor's standfirst, not the author's text.
    /// </summary>
    private void DropSummaryAndPullQuotes()
    {
        var candidates = Enumerable.Range(_bodyStart, _bodyEnd - _bodyStart + 1)
            .Where(i => _units[i].Reason is null && !_units[i].IsBullet)
            .ToList();
        var tokens = candidates.ToDictionary(i => i, i => PageText.Tokens(_units[i].Text));
        var fourGrams = candidates.ToDictionary(i => i, i => Enumerable.Range(0, Math.Max(0, tokens[i].Length - 3)).Select(k => string.Join(' ', tokens[i], k, 4)).ToArray());
        var shingles = candidates.ToDictionary(i => i, i => fourGrams[i].ToHashSet(StringComparer.Ordinal));

        foreach (var a in candidates)
        {
            var ta = tokens[a];
            if (ta.Length < 6) continue;
            foreach (var b in candidates)
            {
                if (a == b || _units[b].Reason is not null) continue;
                var tb = tokens[b];
                if (tb.Length < ta.Length || (tb.Length == ta.Length && b > a)) continue; // the shorter (or later twin) goes
                // Cheap necessary condition first: a run of 90% of a's words inside b puts that many of a's 4-grams (less 3) in b.
                if (fourGrams[a].Count(shingles[b].Contains) < (ta.Length * 9 + 9) / 10 - 3) continue;
                if (ContainedRun(ta, tb) * 10 >= ta.Length * 9)
                {
                    _units[a].Drop(DropReason.DuplicateOrPullQuote, $"repeated in line {_units[b].FirstLine}");
                    break;
                }
            }
        }

        var first = candidates.FirstOrDefault(i => _units[i].Reason is null, -1);
        if (first < 0) return;
        var firstUnit = _units[first];
        bool namesAuthor = _authors.Any(a => firstUnit.Text.Contains(a, StringComparison.Ordinal));
        bool repeated = false;
        var firstGrams = Trigrams(tokens[first]);
        foreach (var b in candidates)
        {
            if (b == first || _units[b].Reason is not null) continue;
            var grams = Trigrams(tokens[b]);
            if (grams.Count == 0 || firstGrams.Count == 0) continue;
            int shared = grams.Count(firstGrams.Contains);
            if (shared * 10 >= Math.Min(grams.Count, firstGrams.Count) * 6) { repeated = true; break; }
        }
        if (namesAuthor || repeated)
            firstUnit.Drop(DropReason.Summary, namesAuthor ? "names the author" : "repeats a later paragraph");
    }

    /// <summary>Length of the longest run of <paramref name="a"/>'s tokens that appears contiguously in <paramref name="b"/>.</summary>
    private static int ContainedRun(string[] a, string[] b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        int best = 0;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : 0;
                if (cur[j] > best) best = cur[j];
            }
            (prev, cur) = (cur, prev);
        }
        return best;
    }

    private static HashSet<string> Trigrams(string[] tokens) => Shingles(tokens, 3);

    private static HashSet<string> Shingles(string[] tokens, int n)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i + n <= tokens.Length; i++) set.Add(string.Join(' ', tokens, i, n));
        return set;
    }

    // ---- 5. passages, metadata, report ------------------------------------------------------------------------------

    /// <summary>One paragraph per kept line; bullet items join the paragraph that introduces them, as " • item".</summary>
    private List<(string Text, int Line)> BuildParagraphs()
    {
        var result = new List<(string Text, int Line)>();
        Unit? last = null;
        for (int i = _bodyStart; i <= _bodyEnd; i++)
        {
            var u = _units[i];
            if (u.Reason is not null) continue;
            if (u.IsBullet)
            {
                bool continues = last is not null && result.Count > 0 && (last.IsBullet || PageText.TrimClosers(last.Text).EndsWith(':'));
                if (continues) result[^1] = (result[^1].Text + " • " + u.Text, result[^1].Line);
                else result.Add(("• " + u.Text, u.FirstLine));
            }
            else
            {
                result.Add((u.Text, u.FirstLine));
            }
            last = u;
        }
        return result;
    }

    /// <summary>"CARDIFF, Wales, May 14, 2024 — ..." or "LONDON, 3 March 2023 /Agency/ -- ...": a place and date opening the text.</summary>
    [GeneratedRegex(@"^(?<place>\p{Lu}[\p{L}.'’ -]{1,40}(?:,\s*\p{Lu}[\p{L}.'’ -]{1,30}){0,2}),\s+(?<date>[^—–]{6,30}?)\s*(?:/[^/]{1,40}/\s*|\([^)]{1,40}\)\s*)?(?:—|–|--|-|:)\s", RegexOptions.CultureInvariant)]
    private static partial Regex Dateline();

    /// <summary>Without a date in the header, a wire-style dateline opening the first paragraph dates the article.</summary>
    private void DateFromDateline(List<(string Text, int Line)> paragraphs)
    {
        if (paragraphs.Count == 0 || Dateline().Match(paragraphs[0].Text) is not { Success: true } m) return;
        var head = m.Value.TrimEnd().TrimEnd('—', '–', '-', ':').TrimEnd();
        var dateText = m.Groups["date"].Value.Trim();
        var found = DateText.Find(dateText);
        if (found is null || found.Index != 0 || found.Length < dateText.Length || PageText.WordCount(m.Groups["place"].Value) > 5) return; // a place, then only the date
        _date = found.Iso;
        _dateOrigin = $"line {paragraphs[0].Line}: dateline \"{ImportReport.Shorten(head, 40)}\"" + (found.Ambiguous ? " (read month first)" : "");
        if (found.Ambiguous) _warnings.Add($"the dateline on line {paragraphs[0].Line} could be read month-first or day-first; took month-first ({found.Iso}). Pass a date override if that is wrong.");
    }

    private SourceMetadata BuildMetadata()
    {
        // Title.
        string title;
        if (_options.Title is { Length: > 0 } t) { title = t.Trim(); _findings.Add(new("title", title, "override" + (_title is null ? "" : $" (page: \"{ImportReport.Shorten(_title, 50)}\")"))); }
        else if (_title is not null) { title = _title; _findings.Add(new("title", title, _titleOrigin!)); }
        else
        {
            title = "Untitled";
            _findings.Add(new("title", title, "not found: no heading above the body; pass a title override"));
            _warnings.Add("no title found on the page; pass a title override.");
        }

        // Authors.
        ImmutableArray<string> authors;
        if (_options.Authors is not null) { authors = [.. _options.Authors.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim())]; _findings.Add(new("authors", string.Join("; ", authors), "override")); }
        else if (_authors.Count > 0) { authors = [.. _authors]; _findings.Add(new("authors", string.Join("; ", authors), _authorsOrigin!)); }
        else { authors = []; _findings.Add(new("authors", null, "not found: no byline, name under the title, or author bio")); }

        // Publisher: override, copyright holder, the site's self-description, or the outlet that first published it.
        string? publisher = null, publisherOrigin = null;
        foreach (var u in _units)
        {
            if (u.Reason != DropReason.FooterOrCopyright || !Boilerplate.IsCopyright(u.Text, out var holder) || holder is null) continue;
            publisher = holder;
            publisherOrigin = $"line {u.FirstLine}: copyright line";
        }
        if (publisher is null)
        {
            foreach (var u in _units)
            {
                if (u.Reason is null || !Boilerplate.IsSelfDescription(u.Text, out var org)) continue;
                publisher = org;
                publisherOrigin = $"line {u.FirstLine}: the site's description of itself";
                break;
            }
        }
        if (publisher is null && _firstPublishedOutlet is not null)
        {
            publisher = _firstPublishedOutlet;
            publisherOrigin = $"line {_firstPublishedLine}: \"first published in\" line";
        }
        if (_options.Publisher is { Length: > 0 } p)
        {
            _findings.Add(new("publisher", p.Trim(), "override" + (publisher is null ? " (the page names none)" : $" (page: \"{publisher}\", {publisherOrigin})")));
            publisher = p.Trim();
        }
        else _findings.Add(new("publisher", publisher, publisherOrigin ?? "not found: no copyright line, site description or \"first published in\" line"));

        // Date.
        string? date = _date;
        if (_options.Date is { Length: > 0 } d)
        {
            date = DateText.NormalizeOverride(d);
            _findings.Add(new("date", date, "override" + (_date is null ? "" : $" (page: {_date})")));
        }
        else _findings.Add(new("date", date, _dateOrigin ?? "not found: no date line in the header"));

        // URL: only the article's own address, never a link it cites.
        string? url = null, urlOrigin = null;
        foreach (var u in _units)
        {
            foreach (Match m in UrlPattern().Matches(u.Text))
            {
                var candidate = m.Value.TrimEnd('.', ',', ';', ')', ']', '”', '"', '\'');
                bool labelled = CanonicalLabel().IsMatch(u.Text[..m.Index]);
                if (labelled || SlugMatchesTitle(candidate, _title ?? title))
                {
                    url = candidate;
                    urlOrigin = $"line {u.FirstLine}: " + (labelled ? "labelled link to this page" : "link whose address matches the title");
                    break;
                }
            }
            if (url is not null) break;
        }
        if (_options.Url is { Length: > 0 } link)
        {
            _findings.Add(new("url", link.Trim(), "override" + (url is null ? "" : $" (page: {url})")));
            url = link.Trim();
        }
        else _findings.Add(new("url", url, urlOrigin ?? "not found: the page does not contain its own address"));

        // Note: who translated it and where it first appeared, when the page says so.
        string? note;
        if (_options.Note is { Length: > 0 } n) { note = n.Trim(); _findings.Add(new("note", note, "override")); }
        else
        {
            var parts = new[] { _translationCredit, _firstPublished }.Where(s => s is not null).Select(s => PageText.TrimClosers(s!).Length == s!.Length && !s!.EndsWith('.') ? s + "." : s!);
            note = string.Join(" ", parts);
            if (note.Length == 0) note = null;
            else _findings.Add(new("note", note, "translation credit / \"first published in\" line"));
        }

        if (date is not null && Regex.IsMatch(date, @"^\d{4}-\d{2}$", RegexOptions.CultureInvariant))
            _warnings.Add($"the page gives only the month ({date}); pass a date override if the day is known.");
        else if (date is not null && !Regex.IsMatch(date, @"^\d{4}-\d{2}-\d{2}$", RegexOptions.CultureInvariant))
            _warnings.Add($"date \"{date}\" is not in yyyy-MM-dd form.");
        return new SourceMetadata(title, authors, publisher, date, url, note);
    }

    [GeneratedRegex(@"https?://[^\s<>""“”]+", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"(?:canonical|permalink|permanent link|link to this (?:article|page|post)|cite this (?:article|page)|url)\s*:?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CanonicalLabel();

    /// <summary>The address's last path segment spells the title: most of its words are title words and vice versa.</summary>
    private static bool SlugMatchesTitle(string url, string title)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return false;
        var segment = uri.AbsolutePath.TrimEnd('/').Split('/').LastOrDefault() ?? "";
        segment = Regex.Replace(segment, @"\.(?:html?|php|aspx?)$", "", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        var slug = segment.Split(['-', '_', '+'], StringSplitOptions.RemoveEmptyEntries).Select(s => s.ToLowerInvariant()).Where(s => !s.All(char.IsDigit)).ToList();
        var words = PageText.Tokens(title).ToHashSet(StringComparer.Ordinal);
        if (slug.Count < 3 || words.Count < 3) return false;
        int inTitle = slug.Count(words.Contains);
        return inTitle * 10 >= slug.Count * 8 && inTitle * 10 >= words.Count * 7;
    }

    private string ResolveId(string? fileName, string title)
    {
        string id;
        if (_options.SourceId is { Length: > 0 } given)
        {
            id = given.Trim();
            if (!KnowledgeFile.IsValidSourceId(id))
                throw new ImportException($"Source id '{id}' is not valid: use lower-case letters, digits, '-', '_' or '.', at most 40 characters, starting with a letter or digit.");
            _findings.Insert(0, new("id", id, "override"));
            return id;
        }
        var fromFile = fileName is null ? null : SourceImporter.SourceIdFromFileName(fileName);
        if (fromFile is not null)
        {
            _findings.Insert(0, new("id", fromFile, $"file name \"{Path.GetFileName(fileName)}\""));
            return fromFile;
        }
        id = SourceImporter.Slug(title);
        _findings.Insert(0, new("id", id, "slug of the title"));
        return id;
    }

    private void CheckFootnoteMarkers(List<(string Text, int Line)> paragraphs, List<Footnote> footnotes)
    {
        var cited = paragraphs.SelectMany(p => FootnoteMarkers.NumbersIn(p.Text)).ToHashSet();
        if (footnotes.Count == 0)
        {
            if (cited.Count > 0) _warnings.Add($"the body has footnote markers ({string.Join(", ", cited.Order().Take(5).Select(n => $"[{n}]"))}...) but no footnote list was found.");
            return;
        }
        var numbers = footnotes.Select(f => f.Number).ToHashSet();
        var missing = cited.Where(n => !numbers.Contains(n)).Order().ToList();
        var uncited = numbers.Where(n => !cited.Contains(n)).Order().ToList();
        if (missing.Count > 0) _warnings.Add($"markers with no footnote entry: {string.Join(", ", missing.Select(n => $"[{n}]"))}.");
        if (uncited.Count > 0) _warnings.Add($"footnotes no kept paragraph cites: {string.Join(", ", uncited.Select(n => $"[{n}]"))}.");
    }

    /// <summary>Dropped units, neighbours with the same reason merged into one block.</summary>
    private ImmutableArray<DroppedBlock> DroppedBlocks()
    {
        var blocks = ImmutableArray.CreateBuilder<DroppedBlock>();
        Unit? first = null, last = null;
        var texts = new List<string>();
        int lines = 0;
        void Flush()
        {
            if (first is null) return;
            blocks.Add(new DroppedBlock(first.FirstLine, last!.LastLine, first.Reason!.Value, string.Join(" / ", texts), lines, first.Detail));
            first = null;
            texts.Clear();
            lines = 0;
        }
        foreach (var u in _units)
        {
            if (u.Reason is null)
            {
                Flush();
                continue;
            }
            bool mergeable = first is not null && first.Reason == u.Reason && first.Detail == u.Detail && u.Index == last!.Index + 1 &&
                             u.Reason is not (DropReason.Metadata or DropReason.DuplicateOrPullQuote or DropReason.Summary or DropReason.SectionHeading or DropReason.AuthorBio);
            if (!mergeable) Flush();
            first ??= u;
            last = u;
            texts.Add(u.IsBullet ? "• " + u.Text : u.Text);
            lines += u.LastLine - u.FirstLine + 1;
        }
        Flush();
        return blocks.ToImmutable();
    }
}
