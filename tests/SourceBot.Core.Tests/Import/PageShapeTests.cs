using SourceBot.Core.Import;

namespace SourceBot.Core.Tests.Import;

/// <summary>
/// Five more page shapes, on topics far from the seeds, each copied the way a browser copies a page: a news article with a
/// cookie banner, a "Related stories" box inside the article and threaded reader comments; a blog post with superscript
/// footnotes, a comment thread and a sidebar (about me, archives, tag cloud); a think-tank report with an abstract, numbered
/// section headings, a figure caption and endnotes cited by digits the copy flattened ("cities.1"); an encyclopedia entry
/// with "[edit]" links, an infobox, "^ a b" back-links in its references, "See also", "External links" and a navbox; and a
/// press release with a subtitle, a dateline, an "About" boilerplate, a "###" end mark and a media contact block.
/// </summary>
public sealed class PageShapeTests
{
    internal const string NewsWithComments = """
        We value your privacy
        We and our partners use cookies to store and access information on your device, to personalise ads and content and to measure how our services are used.
        Accept all
        Reject all
        Manage preferences

        The Harbour Herald
        Subscribe
        Sign in
        News | Sport | Business | Culture | Travel

        Business
        Local dairy co-operative buys back its creamery after 30 years

        By Fiona MacLeod, Business Correspondent
        Tuesday 12 March 2024 07:45 GMT

        Share on Facebook
        Share on X
        Email
        Copy link

        Members of the Glenmoor Dairy Co-operative have voted to buy back the creamery they sold to a national food group in 1994, ending three decades in which the farmers supplied milk to a plant they no longer controlled.

        The vote, held on Saturday in the village hall at Glenmoor, passed by 211 votes to 14. The co-operative will pay £4.2m for the site, its equipment and the Glenmoor cheese brand, financed by a loan from a regional development bank and a levy on members' milk.

        Cheesemakers at the Glenmoor creamery, which employs 46 people. Photograph: Iain Morrison/The Harbour Herald

        "For thirty years we have been price-takers," said Morag Drummond, who chairs the co-operative and farms 180 cows near Loch Tarff. "Owning the creamery means the value of the cheese stays in the glen."

        The national group said the plant no longer fitted its strategy, which is focused on liquid milk for supermarkets. A spokesperson said the sale would be completed by the end of June and that no jobs would be lost.

        Related stories
        Milk prices fall for third month in a row
        Why small cheesemakers are winning prizes abroad
        Farm incomes: what the new subsidy scheme means for you

        Economists say the deal is part of a wider trend. Co-operatives in Ireland, Denmark and the Netherlands have taken back processing plants over the past decade as large groups concentrate on fewer, bigger sites.

        Dr Alan Pryce, an agricultural economist at the University of the Highlands, said the risk lay in the cheese market rather than the purchase price. "If cheddar prices fall, the members carry that risk directly. Before, the group carried it."

        The co-operative expects to take over the running of the plant on 1 July.

        Topics
        Farming
        Food and drink
        Highlands

        More from Business
        Energy bills to fall in April, regulator says
        Ferry operator reports record summer bookings

        Comments (3)

        Sort by: Newest | Oldest | Most liked

        crofter_jim
        12 March 2024 9:02am
        Good on them. The sale in 1994 was a mistake that everybody in the glen regretted within five years.
        Reply
        Like (24)

        MaryG
        12 March 2024 10:17am
        I hope they keep the old recipe. The cheese has not tasted the same since the group changed the cultures in 2008.
        Reply
        Like (11)

           Replying to MaryG
           dairyman77
           12 March 2024 11:30am
           They changed the rennet too, not just the cultures, which my father always said was the real difference.
           Reply

        Load more comments

        Follow us
        Facebook
        Instagram
        About us
        Contact us
        Advertise with us
        Privacy Policy
        Cookie settings
        © 2024 Harbour Herald Media Ltd. All rights reserved.
        """;

    internal const string BlogWithSuperscriptNotes = """
        Notes from the Potting Shed
        A blog about old roses, stubborn soil and the history of gardens

        Home
        About
        Archive
        Contact

        The forgotten gardeners of Kew
        Posted on 18 October 2023 by Helen Ashworth

        When we think of the great plant hunters of the nineteenth century we think of the names on the labels: Hooker, Wilson, Fortune. We rarely think of the gardeners who kept their finds alive after the long voyage home.¹

        Kew's records from the 1850s list more than forty "journeymen gardeners" by name, most of them young men from Scotland and the north of England who were paid eighteen shillings a week.² They potted, watered and propagated the seeds and cuttings that arrived in Wardian cases, and many of the plants we now take for granted survived only because of their care.

        One of them, a Fife man called Robert Drummond, kept a notebook in which he recorded the temperature of the Palm House every morning for six years. It survives in the library at Kew, and it shows a man who understood very well that a rhododendron from Sikkim needed a different winter from one sent from Yunnan.³

        I went to see the notebook in September. The handwriting is small and careful, and every few pages there is a note about a plant that did not make it: "lost, damp", "lost, the cold of the 14th", "lost, reason unknown".

        These men were not scientists and few of them rose high. But the story of Victorian botany is incomplete without them, and I hope someone will one day write it properly.

        Notes
        ¹ Jim Endersby, Imperial Nature: Joseph Hooker and the Practices of Victorian Science (Chicago, 2008), p. 112.
        ² Royal Botanic Gardens, Kew, wages books, 1851–1856.
        ³ Robert Drummond, notebook, Kew Library, Art and Archives, MS 214.

        Tags: Kew, gardeners, Victorian botany, plant hunters

        8 thoughts on "The forgotten gardeners of Kew"

        Peter Lowe says:
        October 19, 2023 at 8:14 am
        Lovely piece. My great-great-grandfather was a journeyman gardener at Kew for two years before he went to Canada.
        Reply

        Helen Ashworth says:
        October 19, 2023 at 9:30 am
        Peter, how wonderful. Do you know which houses he worked in? The wages books sometimes say.
        Reply

        Leave a Reply
        Your email address will not be published. Required fields are marked *

        About me
        I'm Helen, a retired librarian who gardens on heavy clay in Shropshire. I write about old roses, garden history and the people who made our gardens.

        Archives
        November 2023
        October 2023
        September 2023
        August 2023

        Tag cloud
        clay soil compost garden history Kew roses pruning seeds shrubs

        Blog at WordPress.com.
        """;

    internal const string ReportWithEndnotes = """
        Skip to main content
        Northbridge Institute for Urban Research
        Research
        Experts
        Events
        Publications
        About

        Publications / Reports

        Heat and the City: How Tree Cover Shapes Summer Temperatures in Mid-Sized Towns

        Report
        June 2023

        Authors
        Dr. Samuel Okafor
        Senior Fellow, Urban Climate Program
        Lena Fischer
        Research Associate

        Download the full report (PDF, 2.4 MB)

        Abstract

        Tree cover in the twelve towns we studied varies from 9 to 31 percent of land area, and neighbourhoods with the least cover were on average 3.1°C hotter on summer afternoons than those with the most. We estimate what planting programmes of different sizes would achieve and what they would cost.

        Introduction

        Heat is the deadliest weather hazard in most temperate countries, yet the attention of urban heat research has gone mostly to large cities.1 Mid-sized towns of 50,000 to 250,000 people house a large share of the population, and they have smaller budgets and fewer staff to plan for hotter summers.

        This report asks a simple question: how much does tree cover explain the differences in afternoon temperatures between neighbourhoods of the same town, and what would it take to close the gap?

        1. Background

        Trees cool the air around them in two ways: they shade surfaces that would otherwise absorb the sun, and they release water vapour through their leaves.2 Earlier studies in large cities found that each additional ten percentage points of canopy cover lowered afternoon air temperatures by between 0.5 and 1.5°C.

        Figure 2: Afternoon surface temperature and canopy cover by neighbourhood, twelve towns, July 2022.

        Source: Northbridge Institute analysis of satellite data.

        2. Findings

        The least-shaded quarter of neighbourhoods was on average 3.1°C hotter than the most-shaded quarter on afternoons above 28°C. The difference was largest in neighbourhoods of terraced housing built before 1920, where there is little room for street trees.3

        Income and canopy were closely linked: in ten of the twelve towns the poorest neighbourhoods had the least tree cover.

        3. Recommendations

        Towns should map canopy cover at street level and set a target for each neighbourhood rather than one for the town as a whole. Planting should start where cover is lowest and the population most vulnerable to heat.

        Endnotes

        1. World Health Organization, Heat and Health in the WHO European Region, 2021, p. 4.
        2. R. Gillner et al., "Role of street trees in mitigating effects of heat and drought", Landscape and Urban Planning 143 (2015), p. 33–42.
        3. Northbridge Institute, Housing Stock Survey, 2021, table 7.

        Related research
        Cooling schools: shade and ventilation in primary classrooms
        Who pays for street trees? Municipal budgets in 2022

        Stay informed
        Get our latest research in your inbox.
        Sign up

        The Northbridge Institute for Urban Research is an independent, non-profit research institute based in Leeds.
        © 2023 Northbridge Institute for Urban Research
        """;

    /// <summary>The infobox rows are copied with a tab between label and value, as browsers copy table cells.</summary>
    internal static readonly string EncyclopediaEntry = """
        Jump to content
        Main menu
        Search
        Create account
        Log in

        Contents
        hide
        (Top)
        1 History
        2 Construction
        3 Legacy
        4 See also
        5 References
        6 External links

        Stockton and Darlington Railway

        Article
        Talk
        Read
        Edit
        View history
        Tools
        From Wikipedia, the free encyclopedia

        Coordinates: 54°31′N 1°33′W

        Stockton and Darlington Railway
        Overview
        Headquarters<TAB>Darlington
        Locale<TAB>County Durham, England
        Dates of operation<TAB>1825–1863
        Successor<TAB>North Eastern Railway
        Technical
        Track gauge<TAB>4 ft 8 in

        The Stockton and Darlington Railway (S&DR) was a railway company that operated in north-east England from 1825 to 1863. It was the world's first public railway to use steam locomotives, and its first line connected collieries near Shildon with Darlington and Stockton-on-Tees.[1][2]

        History[edit]

        In the early nineteenth century coal from the inland collieries of south-west Durham was carried to the river Tees by packhorse and cart, which made it expensive at the port.[3] A canal was proposed several times, but the promoters of the railway argued that a line of rails would be cheaper to build and to run.

        The Stockton and Darlington Railway Act received royal assent on 19 April 1821, after a first bill had failed the year before.[4] The Quaker businessman Edward Pease was the line's leading promoter, and George Stephenson was appointed its engineer in 1821.[5]

        Construction[edit]

        Locomotion No. 1 at the Head of Steam museum in Darlington

        The line opened on 27 September 1825, when Locomotion No. 1 hauled a train of coal wagons and a passenger coach from Shildon to Stockton.[6] For the first years passengers travelled in horse-drawn coaches, and steam locomotives hauled only the coal trains.[citation needed]

        Legacy[edit]

        The success of the railway showed that steam traction could carry goods cheaply over long distances, and it influenced the design of the Liverpool and Manchester Railway, which opened in 1830.[7] The company was absorbed by the North Eastern Railway in 1863.

        See also[edit]

        History of rail transport in Great Britain
        Locomotion No. 1

        References[edit]

        1. ^ Kirby, Maurice W. (1993). The Origins of Railway Enterprise: The Stockton and Darlington Railway 1821–1863. Cambridge University Press. p. 1.
        2. ^ Allen, Cecil J. (1974). The North Eastern Railway. Ian Allan. p. 11.
        3. ^ Kirby 1993, pp. 18–20.
        4. ^ Tomlinson, William Weaver (1915). The North Eastern Railway: Its Rise and Development. Andrew Reid. p. 71.
        5. ^ a b Kirby 1993, p. 36.
        6. ^ Allen 1974, p. 15.
        7. ^ Wolmar, Christian (2007). Fire and Steam. Atlantic Books. p. 30.

        External links[edit]

        Stockton and Darlington Railway at the National Railway Museum

        v t e
        Pre-grouping railway companies of north-east England
        North Eastern Railway Stockton and Darlington Railway Hull and Barnsley Railway Newcastle and Carlisle Railway

        Categories: Railway companies established in 1821 | Railway lines opened in 1825 | Rail transport in County Durham

        This page was last edited on 2 April 2024, at 10:12 (UTC).
        Text is available under the Creative Commons Attribution-ShareAlike License 4.0; additional terms may apply.
        Privacy policy
        About Wikipedia
        Disclaimers
        Contact Wikipedia
        Code of Conduct
        Developers
        Statistics
        Cookie statement
        Mobile view
        """.Replace("<TAB>", "\t", StringComparison.Ordinal);

    internal const string PressRelease = """
        Newsroom
        Press releases
        Media kit
        Contact

        PRESS RELEASE
        FOR IMMEDIATE RELEASE

        Brightwater Energy to build 40 MW battery storage site in Wales

        Project will store surplus wind power for up to 60,000 homes

        CARDIFF, Wales, May 14, 2024 — Brightwater Energy today announced plans to build a 40-megawatt battery storage facility near Port Talbot, its first in Wales, to store surplus power from onshore wind farms in the region.

        The site, on former industrial land, will hold enough energy to supply up to 60,000 homes for two hours at times of peak demand. Construction is expected to begin in early 2025, subject to planning approval, with the facility operating by the end of 2026.

        "Wales has some of the best wind resources in Europe, but on windy nights too much of that power is wasted," said Gareth Lewis, Chief Executive of Brightwater Energy. "Storage lets us keep it for the evening peak, when it is needed most."

        The project will create around 80 jobs during construction and 6 permanent roles. Brightwater will hold a public consultation in Port Talbot in July.

        About Brightwater Energy

        Brightwater Energy is a renewable energy company headquartered in Bristol that develops and operates wind, solar and storage projects across the United Kingdom. Founded in 2011, it has 1.2 GW of projects in operation.

        ###

        Media contact:
        Sian Roberts
        Head of Communications, Brightwater Energy
        +44 29 2000 0000
        press@brightwater-energy.example

        Share this release
        © 2024 Brightwater Energy Ltd
        """;

    private static readonly Lazy<ImportResult> NewsResult = new(() => SourceImporter.Import(NewsWithComments, ImportOptions.Default));
    private static readonly Lazy<ImportResult> BlogResult = new(() => SourceImporter.Import(BlogWithSuperscriptNotes, ImportOptions.Default));
    private static readonly Lazy<ImportResult> ReportResult = new(() => SourceImporter.Import(ReportWithEndnotes, ImportOptions.Default));
    private static readonly Lazy<ImportResult> WikiResult = new(() => SourceImporter.Import(EncyclopediaEntry, ImportOptions.Default));
    private static readonly Lazy<ImportResult> PressResult = new(() => SourceImporter.Import(PressRelease, ImportOptions.Default));

    private static ImportResult News => NewsResult.Value;
    private static ImportResult Blog => BlogResult.Value;
    private static ImportResult Report => ReportResult.Value;
    private static ImportResult Wiki => WikiResult.Value;
    private static ImportResult Press => PressResult.Value;

    private static string Body(ImportResult r) => string.Join("\n", r.Source.Passages.Select(p => p.Text));

    private static bool Dropped(ImportResult r, DropReason reason, string text, string? detail = null) =>
        r.Report.DroppedFor(reason).Any(d => d.Text.Contains(text, StringComparison.Ordinal) && (detail is null || d.Detail == detail));

    // ---- (a) news article -------------------------------------------------------------------------------------------

    [Fact]
    public void News_metadata_comes_from_the_title_byline_date_line_and_copyright()
    {
        var m = News.Source.Metadata;
        Assert.Equal("Local dairy co-operative buys back its creamery after 30 years", m.Title);
        Assert.Equal(["Fiona MacLeod"], m.Authors.ToArray());
        Assert.Equal("2024-03-12", m.Date);
        Assert.Equal("Harbour Herald Media Ltd", m.Publisher);
        Assert.Null(m.Url);
    }

    [Fact]
    public void News_body_runs_across_a_related_stories_box_to_the_last_paragraph()
    {
        var passages = News.Source.Passages;
        Assert.Equal(7, passages.Length);
        Assert.StartsWith("Members of the Glenmoor Dairy Co-operative have voted", passages[0].Text);
        Assert.StartsWith("Economists say the deal is part of a wider trend.", passages[4].Text);
        Assert.Equal("The co-operative expects to take over the running of the plant on 1 July.", passages[^1].Text);
        Assert.True(Dropped(News, DropReason.RelatedLinks, "Milk prices fall for third month in a row", "inside the article"));
    }

    [Theory]
    [InlineData("cookies")]
    [InlineData("Accept all")]
    [InlineData("Share on")]
    [InlineData("Photograph:")]
    [InlineData("Related stories")]
    [InlineData("Why small cheesemakers")]
    [InlineData("Food and drink")]
    [InlineData("Energy bills to fall")]
    [InlineData("Good on them")]
    [InlineData("Reply")]
    [InlineData("rennet")]
    [InlineData("All rights reserved")]
    public void News_banner_buttons_caption_link_lists_comments_and_footer_are_not_passages(string text)
    {
        Assert.DoesNotContain(text, Body(News), StringComparison.Ordinal);
    }

    [Fact]
    public void News_report_names_what_was_dropped_and_why()
    {
        Assert.True(Dropped(News, DropReason.Navigation, "We and our partners use cookies", "cookie notice"));
        Assert.True(Dropped(News, DropReason.PhotoCaption, "Cheesemakers at the Glenmoor creamery"));
        Assert.True(Dropped(News, DropReason.ShareOrSubscribe, "Share on Facebook"));
        Assert.True(Dropped(News, DropReason.CategoryOrArchiveList, "Food and drink"));
        Assert.True(Dropped(News, DropReason.RelatedLinks, "Ferry operator reports record summer bookings"));
        Assert.True(Dropped(News, DropReason.Comments, "They changed the rennet too"));
        Assert.True(Dropped(News, DropReason.FooterOrCopyright, "© 2024 Harbour Herald Media Ltd"));
    }

    [Fact]
    public void Comment_timestamps_are_part_of_the_comments_not_the_articles_date()
    {
        Assert.True(Dropped(News, DropReason.Comments, "12 March 2024 9:02am"));
        Assert.DoesNotContain(News.Report.DroppedFor(DropReason.Metadata), d => d.Text.Contains("9:02am", StringComparison.Ordinal));

        // Without a date line in the header, a comment's timestamp must not become the article's date.
        var undated = SourceImporter.Import(NewsWithComments.Replace("Tuesday 12 March 2024 07:45 GMT\n", "", StringComparison.Ordinal), ImportOptions.Default);
        Assert.Null(undated.Source.Metadata.Date);
    }

    [Fact]
    public void A_related_heading_after_the_last_paragraph_still_ends_the_article()
    {
        // The same box at the end, followed by a teaser list rather than more article, is not crossed.
        var page = NewsWithComments.Replace("The co-operative expects to take over the running of the plant on 1 July.\n", "", StringComparison.Ordinal);
        var passages = SourceImporter.Import(page, ImportOptions.Default).Source.Passages;
        Assert.StartsWith("Dr Alan Pryce", passages[^1].Text);
        Assert.DoesNotContain(passages, p => p.Text.Contains("Energy bills", StringComparison.Ordinal));
    }

    // ---- (b) blog post with superscript notes and a sidebar ---------------------------------------------------------

    [Fact]
    public void Blog_metadata_comes_from_the_posted_on_by_line()
    {
        var m = Blog.Source.Metadata;
        Assert.Equal(("The forgotten gardeners of Kew", "2023-10-18"), (m.Title, m.Date));
        Assert.Equal(["Helen Ashworth"], m.Authors.ToArray());
    }

    [Fact]
    public void Superscript_notes_become_the_footnote_list_and_inline_markers()
    {
        var notes = Blog.Source.Footnotes;
        Assert.Equal([1, 2, 3], notes.Select(n => n.Number).ToArray());
        Assert.Equal("Royal Botanic Gardens, Kew, wages books, 1851–1856.", notes[1].Text);
        var passages = Blog.Source.Passages;
        Assert.Equal(5, passages.Length);
        Assert.EndsWith("after the long voyage home.[1]", passages[0].Text);
        Assert.Contains("eighteen shillings a week.[2] They potted", passages[1].Text);
        Assert.EndsWith("one sent from Yunnan.[3]", passages[2].Text);
        Assert.DoesNotContain(passages, p => p.Text.IndexOfAny(['¹', '²', '³']) >= 0);
        Assert.Contains(Blog.Report.Warnings, w => w.Contains("superscript digits", StringComparison.Ordinal));
    }

    [Fact]
    public void A_superscript_unit_is_not_taken_for_a_footnote_marker()
    {
        var page = BlogWithSuperscriptNotes.Replace("I went to see the notebook in September.", "I went to see the notebook in September, in a reading room of 40 m² under the roof.", StringComparison.Ordinal);
        var result = SourceImporter.Import(page, ImportOptions.Default);
        Assert.Contains("a reading room of 40 m² under the roof.", Body(result), StringComparison.Ordinal);
        Assert.Contains("[2]", Body(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Superscripts_that_do_not_cite_the_notes_in_order_are_left_alone()
    {
        var page = BlogWithSuperscriptNotes.Replace("from Yunnan.³", "from Yunnan.", StringComparison.Ordinal);
        var result = SourceImporter.Import(page, ImportOptions.Default);
        Assert.Contains("voyage home.¹", Body(result), StringComparison.Ordinal);
        Assert.Contains(result.Report.Warnings, w => w.Contains("footnotes no kept paragraph cites", StringComparison.Ordinal));
    }

    [Fact]
    public void Blog_comments_about_me_archives_and_tag_cloud_are_dropped_with_their_reasons()
    {
        var body = Body(Blog);
        foreach (var text in new[] { "Lovely piece", "Peter, how wonderful", "retired librarian", "November 2023", "clay soil compost", "Tags:", "Leave a Reply" })
            Assert.DoesNotContain(text, body, StringComparison.Ordinal);
        Assert.True(Dropped(Blog, DropReason.Comments, "October 19, 2023 at 8:14 am"));
        Assert.True(Dropped(Blog, DropReason.AuthorBio, "I'm Helen, a retired librarian"));
        Assert.True(Dropped(Blog, DropReason.CategoryOrArchiveList, "October 2023", "archive entry"));
        Assert.True(Dropped(Blog, DropReason.CategoryOrArchiveList, "Tag cloud"));
    }

    // ---- (c) think-tank report --------------------------------------------------------------------------------------

    [Fact]
    public void Report_authors_listed_under_an_authors_heading_lose_their_honorific_and_affiliation()
    {
        var m = Report.Source.Metadata;
        Assert.Equal("Heat and the City: How Tree Cover Shapes Summer Temperatures in Mid-Sized Towns", m.Title);
        Assert.Equal(["Samuel Okafor", "Lena Fischer"], m.Authors.ToArray());
        Assert.Equal("Northbridge Institute for Urban Research", m.Publisher);
        Assert.True(Dropped(Report, DropReason.AuthorBio, "Senior Fellow, Urban Climate Program"));
    }

    [Fact]
    public void Report_states_only_a_month_so_only_the_month_is_the_date()
    {
        Assert.Equal("2023-06", Report.Source.Metadata.Date);
        Assert.Contains(Report.Report.Warnings, w => w.Contains("only the month", StringComparison.Ordinal));
    }

    [Fact]
    public void Report_body_keeps_the_abstract_and_drops_headings_and_the_figure_caption()
    {
        var passages = Report.Source.Passages;
        Assert.Equal(7, passages.Length);
        Assert.StartsWith("Tree cover in the twelve towns we studied", passages[0].Text);
        Assert.StartsWith("Towns should map canopy cover at street level", passages[^1].Text);
        foreach (var heading in new[] { "Abstract", "Introduction", "1. Background", "2. Findings", "3. Recommendations" })
        {
            Assert.DoesNotContain(passages, p => p.Text == heading);
            Assert.Contains(Report.Report.Dropped, d => d.Text == heading && d.Reason == DropReason.SectionHeading);
        }
        Assert.True(Dropped(Report, DropReason.PhotoCaption, "Figure 2: Afternoon surface temperature"));
        Assert.True(Dropped(Report, DropReason.PhotoCaption, "Source: Northbridge Institute analysis"));
        Assert.DoesNotContain("Download the full report", Body(Report), StringComparison.Ordinal);
        Assert.DoesNotContain("Cooling schools", Body(Report), StringComparison.Ordinal);
        Assert.DoesNotContain("independent, non-profit", Body(Report), StringComparison.Ordinal);
    }

    [Fact]
    public void Endnote_digits_flattened_by_the_copy_become_markers_and_the_endnotes_are_parsed()
    {
        var notes = Report.Source.Footnotes;
        Assert.Equal([1, 2, 3], notes.Select(n => n.Number).ToArray());
        Assert.Equal("World Health Organization, Heat and Health in the WHO European Region, 2021, p. 4.", notes[0].Text);
        var body = Body(Report);
        Assert.Contains("mostly to large cities.[1] Mid-sized towns", body, StringComparison.Ordinal);
        Assert.Contains("through their leaves.[2] Earlier studies", body, StringComparison.Ordinal);
        Assert.Contains("room for street trees.[3]", body, StringComparison.Ordinal);
        Assert.Contains("3.1°C hotter", body, StringComparison.Ordinal);
        Assert.Contains("between 0.5 and 1.5°C.", body, StringComparison.Ordinal);
        Assert.DoesNotContain(Report.Report.Warnings, w => w.Contains("no kept paragraph cites", StringComparison.Ordinal));
    }

    // ---- (d) encyclopedia entry -------------------------------------------------------------------------------------

    [Fact]
    public void Encyclopedia_title_is_the_heading_the_first_sentence_names_not_an_infobox_row()
    {
        Assert.Equal("Stockton and Darlington Railway", Wiki.Source.Metadata.Title);
        Assert.Contains("first sentence names", Wiki.Report.FindingFor("title")!.Origin, StringComparison.Ordinal);
        Assert.True(Dropped(Wiki, DropReason.OutsideArticle, "Track gauge", "table or infobox row"));
    }

    [Fact]
    public void Encyclopedia_states_no_author_or_publication_date_so_none_is_set()
    {
        Assert.Empty(Wiki.Source.Metadata.Authors);
        Assert.Null(Wiki.Source.Metadata.Date); // "last edited on" is a revision date in the footer, not a publication date
    }

    [Fact]
    public void Edit_links_and_back_links_are_stripped_and_the_references_are_the_footnotes()
    {
        var notes = Wiki.Source.Footnotes;
        Assert.Equal(Enumerable.Range(1, 7).ToArray(), notes.Select(n => n.Number).ToArray());
        Assert.StartsWith("Kirby, Maurice W. (1993). The Origins of Railway Enterprise", notes[0].Text);
        Assert.Equal("Kirby 1993, p. 36.", notes[4].Text);
        Assert.DoesNotContain(Wiki.Report.Dropped, d => d.Text.Contains("[edit]", StringComparison.Ordinal));
        Assert.True(Dropped(Wiki, DropReason.SectionHeading, "History"));
    }

    [Fact]
    public void Encyclopedia_body_keeps_its_citations_and_drops_see_also_external_links_navbox_and_footer()
    {
        var passages = Wiki.Source.Passages;
        Assert.Equal(5, passages.Length);
        Assert.StartsWith("The Stockton and Darlington Railway (S&DR) was a railway company", passages[0].Text);
        Assert.EndsWith("Darlington and Stockton-on-Tees.[1][2]", passages[0].Text);
        Assert.EndsWith("absorbed by the North Eastern Railway in 1863.", passages[^1].Text);
        var body = Body(Wiki);
        foreach (var text in new[] { "History of rail transport", "National Railway Museum", "Pre-grouping", "Categories:", "last edited", "Creative Commons", "Headquarters" })
            Assert.DoesNotContain(text, body, StringComparison.Ordinal);
        Assert.True(Dropped(Wiki, DropReason.RelatedLinks, "See also"));
        Assert.True(Dropped(Wiki, DropReason.FooterOrCopyright, "Creative Commons"));
        Assert.Empty(Wiki.Report.Warnings);
    }

    [Fact]
    public void Unnumbered_caret_references_are_numbered_in_order()
    {
        var page = System.Text.RegularExpressions.Regex.Replace(EncyclopediaEntry, @"(?m)^(\s*)\d\. \^", "$1^");
        var notes = SourceImporter.Import(page, ImportOptions.Default).Source.Footnotes;
        Assert.Equal(7, notes.Length);
        Assert.Equal("Wolmar, Christian (2007). Fire and Steam. Atlantic Books. p. 30.", notes[6].Text);
    }

    // ---- (e) press release ------------------------------------------------------------------------------------------

    [Fact]
    public void Press_release_title_is_the_headline_and_the_line_under_it_the_subtitle()
    {
        Assert.Equal("Brightwater Energy to build 40 MW battery storage site in Wales", Press.Source.Metadata.Title);
        Assert.True(Dropped(Press, DropReason.Metadata, "Project will store surplus wind power", "subtitle"));
    }

    [Fact]
    public void Press_release_date_comes_from_its_dateline_and_the_dateline_stays_in_the_text()
    {
        Assert.Equal("2024-05-14", Press.Source.Metadata.Date);
        Assert.Contains("dateline", Press.Report.FindingFor("date")!.Origin, StringComparison.Ordinal);
        Assert.StartsWith("CARDIFF, Wales, May 14, 2024 — Brightwater Energy today announced", Press.Source.Passages[0].Text);
    }

    [Theory]
    [InlineData("CARDIFF, May 14 (Wire) —")]
    [InlineData("However, on May 14, 2024 —")]
    [InlineData("On May 14, 2024 —")]
    public void A_first_sentence_that_is_no_full_dateline_gives_no_date(string opening)
    {
        var page = PressRelease.Replace("CARDIFF, Wales, May 14, 2024 —", opening, StringComparison.Ordinal);
        Assert.Null(SourceImporter.Import(page, ImportOptions.Default).Source.Metadata.Date);
    }

    [Fact]
    public void A_wire_dateline_with_an_agency_tag_gives_the_date()
    {
        var page = PressRelease.Replace("CARDIFF, Wales, May 14, 2024 —", "CARDIFF, Wales, 14 May 2024 /PRNewswire/ --", StringComparison.Ordinal);
        Assert.Equal("2024-05-14", SourceImporter.Import(page, ImportOptions.Default).Source.Metadata.Date);
    }

    [Fact]
    public void Press_release_ends_before_its_about_boilerplate_end_mark_and_media_contact()
    {
        var passages = Press.Source.Passages;
        Assert.Equal(4, passages.Length);
        Assert.EndsWith("public consultation in Port Talbot in July.", passages[^1].Text);
        Assert.True(Dropped(Press, DropReason.OutsideArticle, "Brightwater Energy is a renewable energy company", "about the organisation"));
        Assert.True(Dropped(Press, DropReason.Navigation, "###", "end mark"));
        Assert.True(Dropped(Press, DropReason.ShareOrSubscribe, "press@brightwater-energy.example"));
        Assert.Empty(Press.Source.Metadata.Authors); // neither the quoted chief executive nor the media contact wrote it
        Assert.Equal("Brightwater Energy Ltd", Press.Source.Metadata.Publisher);
    }

    [Fact]
    public void Every_shape_reports_each_dropped_line_once_and_keeps_no_dropped_text()
    {
        foreach (var r in new[] { News, Blog, Report, Wiki, Press })
        {
            var lines = r.Report.Dropped.SelectMany(d => Enumerable.Range(d.FirstLine, d.LastLine - d.FirstLine + 1)).ToList();
            Assert.Equal(lines.Count, lines.Distinct().Count());
            Assert.Contains("dropped:", r.Report.Format(), StringComparison.Ordinal);
        }
    }
}
