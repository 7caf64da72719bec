using SourceBot.Core.Import;

namespace SourceBot.Core.Tests.Import;

/// <summary>
/// The heuristics are about page structure, not about the seeds: pages laid out unlike any seed (a news site with share
/// buttons, related links and reader comments; a hard-wrapped working paper with numbered notes) import cleanly too.
/// </summary>
public sealed class GeneralPageTests
{
    internal const string NewsPage = """
        Skip to main content
        Menu
        World News Daily
        Home | World | Business | Opinion | Science

        Scientists find new species of frog in the Andes cloud forest

        By Jane Smith and Carlos Ruiz, Staff Reporters
        Published March 3, 2023 | Updated March 4, 2023 10:15 a.m. ET

        Share
        Tweet
        Email

        A team of biologists working in the cloud forests of southern Ecuador has described a new species of tiny frog, the size of a fingernail, that lives only in moss on a single ridge.

        The frog was first noticed in 2019, when a field assistant heard an unfamiliar call at night. It took three more expeditions to find and photograph an adult, the researchers said.

        A tiny frog sits on a moss-covered branch in a photo released by the research team. (Maria Lopez/Handout)

        "We almost missed it," said Ana Torres, who led the study. "It calls only for a few minutes after rain."

        Why it matters

        Amphibians are among the most threatened animals on Earth. About 40 percent of known species are at risk of extinction.

        The team has asked the regional government to protect the ridge, which is crossed by a planned road.

        Related articles
        Rare bird seen for first time in decades
        How climate change is reshaping mountain forests

        12 Comments

        Frogfan88 · 2 hours ago
        This is such wonderful news and I hope the government listens to the scientists and stops the road before it is too late.

        Mountainwalker · 3 hours ago
        I have walked in those forests many times and never imagined there were still new species waiting to be found there.

        © 2023 World News Daily. All rights reserved.
        Privacy Policy
        Terms of Use
        """;

    internal const string WrappedPaper = """
        Centre for Policy Studies
        Research | Events | People | About

        Water Pricing and Farm Incomes: Evidence from Three Districts

        Author: Priya Natarajan
        Date: 2021-11-02

        Irrigation water in the three districts studied is priced far below the cost
        of delivering it, and the subsidy flows mostly to the largest farms.[1] This
        paper estimates what a volumetric tariff would do to farm incomes.

        A volumetric tariff set at half the delivery cost would raise incomes of the
        smallest farms by about 4 percent and lower those of the largest by 2 percent.
        It would also cut total water use by an estimated 11 percent.[2]

        The full paper is at https://policy.example.org/papers/water-pricing-and-farm-incomes-evidence-from-three-districts
        and the survey questionnaire at https://policy.example.org/data/survey-2020.

        Notes

        1. State Irrigation Department, Annual Report 2020, table 4.
        2. Authors' estimates; see the appendix for the model.

        Priya Natarajan is a senior fellow at the Centre for Policy Studies.

        Share this page
        Copyright 2021 Centre for Policy Studies
        """;

    private static ImportResult News => SourceImporter.Import(NewsPage, ImportOptions.Default);

    private static ImportResult Paper => SourceImporter.Import(WrappedPaper, ImportOptions.Default);

    [Fact]
    public void News_body_runs_from_the_first_to_the_last_article_paragraph()
    {
        var passages = News.Source.Passages;
        Assert.StartsWith("A team of biologists working in the cloud forests", passages[0].Text);
        Assert.Equal("The team has asked the regional government to protect the ridge, which is crossed by a planned road.", passages[^1].Text);
        Assert.Equal(5, passages.Length);
    }

    [Theory]
    [InlineData("Share")]
    [InlineData("Maria Lopez/Handout")]
    [InlineData("Why it matters")]
    [InlineData("Rare bird seen")]
    [InlineData("wonderful news")]
    [InlineData("All rights reserved")]
    public void News_share_buttons_captions_headings_related_links_and_comments_are_dropped(string text)
    {
        Assert.DoesNotContain(News.Source.Passages, p => p.Text.Contains(text, StringComparison.Ordinal));
    }

    [Fact]
    public void Reader_comments_after_a_comment_counter_are_reported_as_comments()
    {
        Assert.Contains(News.Report.DroppedFor(DropReason.Comments), d => d.Text.Contains("walked in those forests", StringComparison.Ordinal));
    }

    [Fact]
    public void News_byline_with_two_authors_and_a_role_gives_both_names()
    {
        Assert.Equal(["Jane Smith", "Carlos Ruiz"], News.Source.Metadata.Authors.ToArray());
    }

    [Fact]
    public void Date_line_with_published_and_updated_dates_gives_the_published_date()
    {
        Assert.Equal("2023-03-03", News.Source.Metadata.Date);
    }

    [Fact]
    public void Copyright_holder_is_the_publisher()
    {
        Assert.Equal("World News Daily", News.Source.Metadata.Publisher);
    }

    [Fact]
    public void Without_an_id_the_source_id_is_a_short_slug_of_the_title()
    {
        Assert.Equal("scientists-find-new-species-of-frog-in", News.Source.Id);
        Assert.True(News.Source.Id.Length <= 40);
    }

    [Fact]
    public void Hard_wrapped_lines_join_into_their_paragraphs()
    {
        var passages = Paper.Source.Passages;
        Assert.Equal("Irrigation water in the three districts studied is priced far below the cost of delivering it, and the subsidy flows mostly to the largest farms.[1] This paper estimates what a volumetric tariff would do to farm incomes.",
            passages[0].Text);
        Assert.EndsWith("lower those of the largest by 2 percent. It would also cut total water use by an estimated 11 percent.[2]", passages[1].Text);
    }

    [Fact]
    public void Numbered_notes_under_a_notes_heading_are_the_footnotes()
    {
        Assert.Equal([1, 2], Paper.Source.Footnotes.Select(f => f.Number).ToArray());
        Assert.Equal("Authors' estimates; see the appendix for the model.", Paper.Source.Footnotes[1].Text);
    }

    [Fact]
    public void Bio_after_the_notes_is_dropped_as_author_bio()
    {
        Assert.Contains(Paper.Report.DroppedFor(DropReason.AuthorBio), d => d.Text.StartsWith("Priya Natarajan is a senior fellow", StringComparison.Ordinal));
    }

    [Fact]
    public void Author_and_iso_date_labels_are_read()
    {
        Assert.Equal("Priya Natarajan", Assert.Single(Paper.Source.Metadata.Authors));
        Assert.Equal("2021-11-02", Paper.Source.Metadata.Date);
    }

    [Fact]
    public void A_link_whose_address_spells_the_title_is_the_url_and_other_links_are_not()
    {
        Assert.Equal("https://policy.example.org/papers/water-pricing-and-farm-incomes-evidence-from-three-districts", Paper.Source.Metadata.Url);
    }

    [Fact]
    public void A_page_without_its_own_address_has_no_url()
    {
        Assert.Null(News.Source.Metadata.Url);
    }

    [Fact]
    public void Without_a_byline_an_author_bio_names_the_author()
    {
        var page = WrappedPaper.Replace("Author: Priya Natarajan\n", "", StringComparison.Ordinal);
        var result = SourceImporter.Import(page, ImportOptions.Default);
        Assert.Equal("Priya Natarajan", Assert.Single(result.Source.Metadata.Authors));
        Assert.StartsWith("line ", result.Report.FindingFor("authors")!.Origin);
        Assert.Contains("author bio", result.Report.FindingFor("authors")!.Origin);
    }

    [Fact]
    public void Overrides_replace_what_the_page_says_and_the_report_shows_both()
    {
        var result = SourceImporter.Import(NewsPage, new ImportOptions(SourceId: "frog", Title: "New frog", Authors: ["A. Writer"], Date: "March 5, 2023", Url: "https://news.example.com/frog"));
        var m = result.Source.Metadata;
        Assert.Equal(("frog", "New frog", "A. Writer", "2023-03-05", "https://news.example.com/frog"), (result.Source.Id, m.Title, m.Authors.Single(), m.Date, m.Url));
        Assert.Equal("override (page: \"Scientists find new species of frog in the Andes…\")", result.Report.FindingFor("title")!.Origin);
    }

    [Fact]
    public void Ambiguous_numeric_date_is_read_month_first_with_a_warning()
    {
        var page = NewsPage.Replace("Published March 3, 2023 | Updated March 4, 2023 10:15 a.m. ET", "04/03/2023", StringComparison.Ordinal);
        var result = SourceImporter.Import(page, ImportOptions.Default);
        Assert.Equal("2023-04-03", result.Source.Metadata.Date);
        Assert.Contains(result.Report.Warnings, w => w.Contains("month-first or day-first", StringComparison.Ordinal));
    }

    [Fact]
    public void Markers_without_a_footnote_list_are_warned_about()
    {
        var page = NewsPage.Replace("the researchers said.", "the researchers said.[4]", StringComparison.Ordinal);
        var result = SourceImporter.Import(page, ImportOptions.Default);
        Assert.Contains(result.Report.Warnings, w => w.Contains("no footnote list was found", StringComparison.Ordinal));
    }
}
