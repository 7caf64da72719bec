using System.Text.RegularExpressions;

namespace SourceBot.Core.Import;

/// <summary>
/// Recognisers for the furniture of web pages: captions, copyright and "first published" lines, comment, share and subscribe
/// widgets, section headings of sidebars, bylines and personal names. They are about page structure and the stock phrases
/// sites use everywhere, never about the topic of any page.
/// </summary>
internal static partial class Boilerplate
{
    // ---- photo captions ---------------------------------------------------------------------------------------------

    /// <summary>A caption ends with a credit: "(Name/Agency)", "(Photo: X)", "(Getty Images)", "Photo: X".</summary>
    [GeneratedRegex(@"(?:\(\s*(?:(?:photo|image|picture|credit|source|courtesy)s?\b[^()]{0,80}|\p{Lu}[^()/]{1,60}/\s*\p{Lu}[^()]{0,50}|[^()]{0,60}\b(?:Images|Photos?|Pictures)\b[^()]{0,20})\)|\b(?:photo(?:graph)?|image|picture|credit)s?\s*(?:by|:)\s*\p{Lu}[^.]{0,60})\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CaptionCredit();

    /// <summary>Captions start like "This photo taken on ...", "(L-R) ...", "Photo: ...", "Pictured: ...", "Figure 2: ...",
    /// "Source: ..." (the source line under a chart or table).</summary>
    [GeneratedRegex(@"^(?:\((?:L-R|R-L|from left|left to right|clockwise from (?:top )?left)\)|(?:this|a|the|file|top|above|below|main|featured|header)\s+(?:photo|picture|image|photograph|file photo|screenshot)\s+(?:taken|shows|showing|from|of|dated)\b|(?:photo|image|picture|pictured|caption|credit|photograph|sources?)\s*:|(?:figure|fig\.|table|chart|graph|map|exhibit|infographic)\s*\d{1,3}[a-z]?\s*[:.–—-]\s)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CaptionStart();

    /// <summary>What a copied image leaves behind: its alt text or a placeholder word.</summary>
    [GeneratedRegex(@"^(?:picture|photo|image|photograph|figure|graphic|illustration|video|play video|watch|view gallery|enlarge|image \d+ of \d+|\[image\]|\(image\))$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ImagePlaceholder();

    /// <summary>A caption, or the photo credit under an image ("AFP / John Smith"), alone or after the caption's text.</summary>
    public static bool IsCaption(string text) =>
        PageText.WordCount(text) <= 90 && (CaptionCredit().IsMatch(text) || CaptionStart().IsMatch(text)) ||
        PhotoCredit.IsCreditLine(text) || PhotoCredit.EndsCaption(text);

    public static bool IsImagePlaceholder(string text) => ImagePlaceholder().IsMatch(text);

    // ---- republication, copyright, footer -----------------------------------------------------------------------------

    [GeneratedRegex(@"\b(?:(?:was|were|is)\s+)?(?:first|originally)\s+(?:published|appeared|ran|posted)\s+(?:in|on|by|at|with)\s+(?<outlet>.+?)(?=\s+(?:as|on|under|with|in\s+(?:19|20)\d\d|(?:19|20)\d\d)\b|[,;(]|\.(?:\s|$)|$)|^(?:this|the)\s+(?:article|piece|post|essay|commentary|story|op-ed|column)\s+(?:is|was)\s+(?:republished|reproduced|reprinted|adapted|translated)\s+from\s+(?<outlet>.+?)(?=\s+(?:as|on|under|with)\b|[,;(]|\.(?:\s|$)|$)|^a\s+version\s+of\s+this\s+(?:article|piece|post|essay|story)\s+(?:first\s+|originally\s+)?(?:appeared|was published)\s+(?:in|on|by)\s+(?<outlet>.+?)(?=\s+(?:as|on|under|with)\b|[,;(]|\.(?:\s|$)|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FirstPublished();

    /// <summary>A "first published in X" line (short, about the article rather than part of it); the outlet named.</summary>
    public static bool IsFirstPublished(string text, out string? outlet)
    {
        outlet = null;
        if (PageText.WordCount(text) > 40) return false;
        var m = FirstPublished().Match(text);
        if (!m.Success) return false;
        var name = m.Groups["outlet"].Value.Trim().TrimEnd('.', ',', ':');
        if (name.StartsWith("the ", StringComparison.Ordinal)) name = name[4..];
        outlet = name.Length is > 0 and <= 80 ? name : null;
        return true;
    }

    [GeneratedRegex(@"^(?:copyright\s*)?(?:©|\(c\)|copyright\b)\s*(?:©\s*)?(?:(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)?\d{2,4})?)?\s*,?\s*(?:by\s+)?(?<org>.*?)\s*(?:[.,;|]?\s*all rights reserved\.?.*)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Copyright();

    [GeneratedRegex(@"\ball rights reserved\b|^(?:privacy policy|terms of (?:use|service)|cookie (?:policy|settings)|accessibility|sitemap|site map|powered by\b|back to top|top of page|text is available under\b|this page was last (?:edited|modified|updated)\b)|\blicen[cs]ed under (?:a |the )?creative commons\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FooterPhrase();

    public static bool IsCopyright(string text, out string? holder)
    {
        holder = null;
        if (PageText.WordCount(text) > 40) return false;
        var m = Copyright().Match(text);
        if (m.Success && (text.Contains('©') || text.Contains("(c)", StringComparison.OrdinalIgnoreCase) || text.StartsWith("copyright", StringComparison.OrdinalIgnoreCase)))
        {
            var org = m.Groups["org"].Value.Trim().TrimEnd('.', ',', ';', '|').Trim();
            holder = org.Length is > 1 and <= 100 && PageText.WordCount(org) <= 12 ? org : null;
            return true;
        }
        return FooterPhrase().IsMatch(text) && PageText.WordCount(text) <= 25;
    }

    /// <summary>A site's self-description ("The X Institute is a private, nonprofit ... institution"); the organisation named.</summary>
    [GeneratedRegex(@"^(?:The\s+)?(?<org>\p{Lu}[\w'’&.-]*(?:\s+(?:\p{Lu}[\w'’&.-]*|of|for|and|on|in|the|&)){0,10})\s+(?:\([^)]{1,20}\)\s+)?is\s+(?:a|an|the)\s+(?:(?:[\w-]+,?|and)\s+){0,6}?(?:institution|institute|organi[sz]ation|think[\s-]tank|foundation|non-?profit|charity|publication|newspaper|magazine|news\s+(?:site|outlet|agency|organi[sz]ation)|publisher|research\s+(?:center|centre|group)|university|center|centre)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SelfDescription();

    public static bool IsSelfDescription(string text, out string? organisation)
    {
        organisation = null;
        if (PageText.WordCount(text) > 60) return false;
        var m = SelfDescription().Match(text);
        if (!m.Success) return false;
        organisation = m.Groups["org"].Value.Trim();
        return true;
    }

    // ---- widgets and sidebar headings ---------------------------------------------------------------------------------

    [GeneratedRegex(@"^(?:\d+|no|one)\s+(?:comments?|responses?|replies|reactions?)$|^(?:comments?|responses?)\s*\(\d+\)$|^comments\s+are\s+closed\.?$|^(?:be the first to comment|no comments yet)\.?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CommentCount();

    [GeneratedRegex(@"^(?:comments?|reader comments|(?:\d+\s+)?thoughts? on\b.{0,100}|leave a (?:reply|comment|response)|post a comment|add (?:a )?comment|join the (?:discussion|conversation)|write a comment|what do you think\??|your (?:comment|reply))\.?:?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CommentsHeading();

    [GeneratedRegex(@"^(?:share|share this(?: (?:article|post|story|page))?|share on \w+|tweet|email|e-mail|print|facebook|twitter|x|linkedin|whatsapp|reddit|telegram|pinterest|instagram|youtube|tiktok|mastodon|bluesky|threads|flipboard|copy link|copy url|rss|rss feed|feed|subscribe|donate|submit|sign up|contact|contact us|follow us|newsletter|read more|continue reading)\.?:?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WidgetLabel();

    [GeneratedRegex(@"^(?:home|menu|main menu|navigation|toggle navigation|skip to (?:main )?(?:content|navigation)|search|log ?in|log ?out|sign ?in|register|my account|more|back|next|previous|top|about us|advertise(?: with us)?|careers|jobs|help|faqs?|load more(?: comments)?|show more)\.?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NavigationLabel();

    /// <summary>A bare menu or navigation label: "Home", "Menu", "Skip to main content", "Search", "Log in".</summary>
    public static bool IsNavigationLabel(string t) => NavigationLabel().IsMatch(t);

    [GeneratedRegex(@"^(?:subscribe|sign up|follow us|contact us|donate|submit|get (?:our|the) newsletter|join (?:our|the) (?:mailing list|newsletter))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WidgetPrompt();

    [GeneratedRegex(@"^thanks? (?:you )?for reading\b|\b(?:subscribe|sign up|join)\b.{0,60}\b(?:for free|newsletter|new posts|to receive|to get|updates|inbox|support (?:my|our) work)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CallToAction();

    [GeneratedRegex(@"^if you have (?:any )?questions\b.{0,80}\bcontact\b|\[email\s*protected\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ContactLine();

    [GeneratedRegex(@"^(?:categories|category|tags|topics|labels|archives?|filed under|posted in|browse by (?:topic|date)|keywords?)\s*:?\s*(?::.{0,300})?$|^(?:filed under|posted in)\b.{0,300}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CategoryHeading();

    [GeneratedRegex(@"^(?:related(?:\s+(?:posts?|articles?|content|stories|reading|topics))?|read (?:more|next|also)|more (?:from\b.{0,60}|on this (?:topic|subject|story)|in this (?:series|section)|stories|articles|by this author)|see also|external links|further reading|you (?:may|might) (?:also )?like|recommended(?: for you)?|popular(?: posts)?|recent posts|latest(?: posts| news)?|most (?:read|popular|viewed)|trending)\.?:?$|\bposts on\b|^(?:previous|next)(?:\s+(?:post|article|story))?\s*[:»«›‹<>]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RelatedHeading();

    [GeneratedRegex(@"^(?:dedication|in memoriam|in memory of\b.{0,80}|dedicated to\b.{0,120})$|\bwish(?:es)? to dedicate\b|\bthis (?:program|series|work|book|report|issue|project) is dedicated\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DedicationPattern();

    [GeneratedRegex(@"^(?:about the (?:authors?|writers?)|about me|the authors?|author bio(?:graphy)?|contributors?)\s*:?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AboutAuthorHeading();

    [GeneratedRegex(@"^(?:notes|footnotes|endnotes|references|sources|works cited|bibliography|citations|notes and references)\s*:?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex NotesHeading();

    /// <summary>The mark that ends a press release: "###", "-30-", "- ENDS -".</summary>
    [GeneratedRegex(@"^(?:#{3}|-\s*30\s*-|-*\s*ends\s*-*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EndMarker();

    [GeneratedRegex(@"^(?:(?:media|press)\s+(?:contacts?|enquiries|inquiries|relations)|(?:contacts?|for (?:more|further) information)\s*:)\s*:?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ContactHeading();

    public static bool IsEndMarker(string t) => EndMarker().IsMatch(t);

    [GeneratedRegex(@"\b(?:we|this (?:site|website)|our (?:site|website|partners)|and our partners)\b.{0,80}\b(?:use|uses|store)\s+cookies\b|^(?:accept|reject|allow|decline|refuse)(?:\s+all)?(?:\s+cookies)?$|^(?:manage|customi[sz]e)\s+(?:preferences|cookies|cookie settings|settings|options)$|^we value your privacy$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CookieNotice();

    /// <summary>A cookie-consent banner's text or buttons: "We use cookies to ...", "Accept all", "Manage preferences".</summary>
    public static bool IsCookieNotice(string t) => PageText.WordCount(t) <= 70 && CookieNotice().IsMatch(t);

    /// <summary>"Media contact:", "Press enquiries", "For more information:": the heading of a contact block.</summary>
    public static bool IsContactHeading(string t) => ContactHeading().IsMatch(t);

    public static bool IsCommentCount(string t) => CommentCount().IsMatch(t);

    public static bool IsCommentsHeading(string t) => CommentsHeading().IsMatch(t);

    /// <summary>Share, subscribe, donate, search and contact widgets: a bare label, a share bar, a prompt that is no sentence,
    /// an e-mail prompt.</summary>
    public static bool IsWidget(string t) =>
        PageText.WordCount(t) <= 16 && (WidgetLabel().IsMatch(t) || ShareWidget.IsShareLine(t) || ContactHeading().IsMatch(t) || WidgetPrompt().IsMatch(t) && !t.TrimEnd().EndsWith('.') || ContactLine().IsMatch(t)) ||
        PageText.WordCount(t) <= 30 && CallToAction().IsMatch(t);

    /// <summary>A bare "Categories" / "Tags:" / "Archives" heading, with no values on the line.</summary>
    public static bool IsBareCategoryHeading(string t) => IsCategoryHeading(t) && !t.TrimEnd(':').Contains(':', StringComparison.Ordinal) && PageText.WordCount(t) <= 3;

    public static bool IsCategoryHeading(string t) => PageText.WordCount(t) <= 40 && !PageText.EndsSentence(t.TrimEnd(':')) && CategoryHeading().IsMatch(t);

    public static bool IsRelatedHeading(string t) => PageText.WordCount(t) <= 12 && !PageText.EndsSentence(t.TrimEnd(':')) && RelatedHeading().IsMatch(t);

    public static bool IsDedication(string t) => DedicationPattern().IsMatch(t);

    public static bool IsAboutAuthorHeading(string t) => AboutAuthorHeading().IsMatch(t);

    // ---- bylines, credits and names ----------------------------------------------------------------------------------

    [GeneratedRegex(@"^(?:by|written by|words by|posted by|author|authors|byline)\b\s*[:|]?\s*(?<names>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Byline();

    [GeneratedRegex(@"^(?:edited|translated|reviewed|compiled|illustrated|photographs?|photos|interview(?:ed)?|reporting|additional reporting|fact-checked)\s+by\b|^(?:editor|translator|translation|illustration|illustrations)\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Credit();

    [GeneratedRegex(@"^translated\s+by\b|^translat(?:or|ion)\s*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TranslationCredit();

    /// <summary>The names after "By", "Written by", "Author:", or null when the text is no byline. "by" alone gives no names.</summary>
    public static List<string>? BylineNames(string text)
    {
        if (PageText.WordCount(text) > 30) return null;
        var m = Byline().Match(text);
        if (!m.Success) return null;
        var rest = m.Groups["names"].Value;
        int bar = rest.IndexOf('|', StringComparison.Ordinal);
        if (bar >= 0) rest = rest[..bar];
        return NamesIn(rest);
    }

    public static bool IsCredit(string text) => PageText.WordCount(text) <= 40 && Credit().IsMatch(text);

    public static bool IsTranslationCredit(string text) => TranslationCredit().IsMatch(text);

    /// <summary>"A, B and C" into the parts that look like personal names; other parts (roles, organisations) are skipped.</summary>
    public static List<string> NamesIn(string text)
    {
        var names = new List<string>();
        foreach (var part in Regex.Split(text, @"\s*(?:,|;|&|\band\b|\bwith\b)\s*", RegexOptions.CultureInvariant))
        {
            var p = part.Trim().Trim('.', ':', '-', '–', '|').Trim();
            if (IsPersonName(p)) names.Add(WithoutHonorific(p));
        }
        return names;
    }

    /// <summary>Words that mark a role, an organisation or a page element, so a capitalised phrase with one is not a person.</summary>
    private static readonly HashSet<string> NotNameWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "intern", "fellow", "director", "professor", "editor", "researcher", "research", "analyst", "senior", "associate", "assistant",
        "chair", "co-chair", "president", "vice", "correspondent", "reporter", "contributor", "contributing", "staff", "writer",
        "student", "former", "emeritus", "expert", "scholar", "lecturer", "dean", "chief", "head", "manager", "officer", "member",
        "founder", "executive", "programs", "program", "programme", "institute", "institution", "university", "college", "school",
        "center", "centre", "committee", "council", "foundation", "association", "society", "blog", "news", "times", "post",
        "journal", "press", "agency", "team", "desk", "department", "ministry", "office", "group", "project", "initiative",
        "network", "service", "media", "daily", "magazine", "review", "studies", "affairs", "policy", "board", "company",
        "corporation", "inc", "ltd", "llc", "the", "home", "about", "contact", "us", "search", "subscribe", "menu", "donate",
        "share", "comments", "comment", "picture", "photo", "image", "video", "posts", "archives", "categories", "tags", "related",
        "more", "read", "opinion", "analysis", "commentary", "politics", "economy", "world", "business", "science", "culture",
        "sports", "latest", "features", "reports", "report", "insider", "introduction", "conclusion", "summary", "notes",
        "references", "footnotes", "overview", "background", "recommendations", "abstract", "contents", "chapter", "section",
        "part", "update", "updated", "published", "edition", "series", "episode", "podcast", "newsletter", "events", "event",
    };

    private static readonly HashSet<string> NameParticles = new(StringComparer.Ordinal)
    {
        "de", "da", "del", "della", "der", "den", "di", "du", "la", "le", "van", "von", "bin", "binti", "al", "el", "ibn", "dos", "das", "y", "ter",
    };

    [GeneratedRegex(@"^(?:\p{Lu}\.){1,3}$|^\p{Lu}[\p{Ll}'’]*(?:[-'’]\p{L}[\p{L}'’]*)*$|^(?:Mc|Mac|O'|O’|D'|D’|Di|De|Le|La|Van)\p{Lu}\p{Ll}+$|^\p{Lu}\p{Ll}+\p{Lu}\p{Ll}+$|^(?:Jr\.?|Sr\.?|II|III|IV)$", RegexOptions.CultureInvariant)]
    private static partial Regex NameToken();

    [GeneratedRegex(@"^(?:Dr|Prof|Mr|Mrs|Ms|Mx|Sir|Dame)\.?\s+(?=\p{Lu})", RegexOptions.CultureInvariant)]
    private static partial Regex Honorific();

    /// <summary>The name without a leading honorific: "Dr. Samuel Okafor" gives "Samuel Okafor".</summary>
    public static string WithoutHonorific(string name)
    {
        var rest = Honorific().Replace(name, "");
        return rest.Length < name.Length && rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 2 ? rest : name;
    }

    /// <summary>2 to 5 capitalised words (initials, particles and hyphenated parts allowed), no digits, no role or page words;
    /// a leading honorific ("Dr.", "Prof.") is allowed.</summary>
    public static bool IsPersonName(string text)
    {
        text = WithoutHonorific(text);
        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length is < 2 or > 5 || text.Length > 60) return false;
        if (!char.IsUpper(tokens[0][0]) || !char.IsUpper(tokens[^1][0])) return false;
        bool hasLower = false;
        foreach (var t in tokens)
        {
            if (NotNameWords.Contains(t.Trim('.', ','))) return false;
            if (NameParticles.Contains(t)) continue;
            if (!NameToken().IsMatch(t)) return false;
            if (t.Any(char.IsLower)) hasLower = true;
        }
        return hasLower;
    }

    [GeneratedRegex(@"^(?<name>\p{Lu}[\p{L}'’.-]*(?:\s+(?:\p{Lu}[\p{L}'’.-]*|de|da|van|von|al|bin|del|der|di|du|la|le)){1,4}?)(?:,\s+[^,]{2,60},)?\s+(?:is|was|has been|serves as|served as|works as|teaches|writes|holds|received|earned|joined|currently)\b", RegexOptions.CultureInvariant)]
    private static partial Regex BioStart();

    /// <summary>A short "Name is a ..." paragraph about a person: the person's name, or null.</summary>
    public static string? BioSubject(string text)
    {
        if (PageText.WordCount(text) > 80) return null;
        var m = BioStart().Match(text);
        return m.Success && IsPersonName(m.Groups["name"].Value) ? m.Groups["name"].Value : null;
    }

    [GeneratedRegex(@"\b(?:fellow|professor|lecturer|student|senior at|junior at|graduate|alumn\w*|majoring|researcher|research (?:associate|assistant|intern)|intern|director|editor|journalist|writer|author of|analyst|scholar|correspondent|reporter|ph\.?\s?d|doctoral|columnist|contributor|founder|economist|historian|lawyer|attorney|served as|works? (?:at|for|as|on)|teaches|specializ\w+|specialis\w+)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BioVocabulary();

    /// <summary>Words a short biography uses: roles, studies, affiliations.</summary>
    public static bool SoundsLikeBio(string text) => BioVocabulary().IsMatch(text);

    /// <summary>A role or affiliation line such as "Professor of X, Y University" or "Senior Fellow - X Center".</summary>
    public static bool LooksLikeAffiliation(string text)
    {
        if (PageText.WordCount(text) > 40) return false;
        var first = text.Split(' ', 2)[0].Trim(',', '.');
        string[] roles = ["professor", "fellow", "director", "former", "senior", "associate", "assistant", "research", "researcher",
            "analyst", "editor", "correspondent", "reporter", "contributor", "chair", "co-chair", "president", "lecturer", "dean",
            "chief", "head", "founder", "visiting", "adjunct", "staff", "student", "nonresident", "non-resident", "executive"];
        return roles.Contains(first.ToLowerInvariant());
    }
}
