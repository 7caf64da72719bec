using SourceBot.Core.Import;

namespace SourceBot.Core.Tests.Import;

/// <summary>Further common layouts: a WordPress post, a newsletter post with a subtitle, a paper with endnotes and author bios.</summary>
public sealed class MoreLayoutTests
{
    private const string WordPressPost = """
        My Garden Diary
        Just another WordPress site

        Search for:
        Recent Posts
            Planting garlic in autumn
            Why my tomatoes split
        Recent Comments
            Jo on Planting garlic in autumn

        Why my tomatoes split
        Posted on June 5, 2019 by Margaret Hale

        Every summer a few of my tomatoes split just as they ripen. For years I blamed the variety, but the real cause turned out to be the watering.

        When the soil dries out and then gets a heavy soaking, the fruit takes up water faster than its skin can stretch.

        The cure is dull but it works: water deeply twice a week, and mulch to keep the soil evenly moist.

        Tags: tomatoes, watering
        Posted in Vegetables

        Leave a Reply
        Your email address will not be published. Required fields are marked *
        Comment
        Name *
        Post Comment

        Proudly powered by WordPress
        """;

    private const string NewsletterPost = """
        The Long View
        Subscribe
        Sign in

        How cities learned to love the bicycle again
        A century of planning decisions, reversed in twenty years

        Tom Becker
        Jun 5, 2019
        42
        12
        Share

        In 1950 most European cities were planning for the car. Streets were widened, tram lines torn up, and cycle paths removed.

        Today the same cities compete to build protected lanes. The change came from what planners were asked to measure.

        Thanks for reading The Long View! Subscribe for free to receive new posts and support my work.

        12 Comments
        """;

    private const string PaperWithEndnotes = """
        Institute for Fiscal Analysis
        Download PDF
        Print

        Topics: Taxation, Budget

        The Hidden Cost of Tax Expenditures

        March 2022

        By R. J. Ellison and Mei Lin

        Tax expenditures are revenue the government forgoes through deductions, credits and exclusions.[1] They are spending by another name.

        In the last decade their total value grew faster than discretionary spending.[2] Most of the growth came from a few provisions.[3]

        Endnotes

        [1] Joint Committee on Taxation, Estimates of Federal Tax Expenditures,
        2020-2024, table 1.

        [2] Authors' calculations.

        [3] See the appendix for the list of provisions and their estimated cost
        By Income Group, table A2.

        About the authors
        R. J. Ellison is a senior fellow at the Institute.
        Mei Lin is a research associate at the Institute.
        """;

    [Fact]
    public void Posted_on_date_by_name_line_gives_date_and_author()
    {
        var m = SourceImporter.Import(WordPressPost, ImportOptions.Default).Source.Metadata;
        Assert.Equal(("Why my tomatoes split", "2019-06-05", "Margaret Hale"), (m.Title, m.Date, m.Authors.Single()));
    }

    [Fact]
    public void Sidebars_tags_and_the_comment_form_are_dropped()
    {
        var result = SourceImporter.Import(WordPressPost, ImportOptions.Default);
        Assert.Equal(3, result.Source.Passages.Length);
        Assert.Contains(result.Report.DroppedFor(DropReason.Comments), d => d.Text.Contains("Required fields are marked", StringComparison.Ordinal));
        Assert.Contains(result.Report.DroppedFor(DropReason.CategoryOrArchiveList), d => d.Text.StartsWith("Tags: tomatoes", StringComparison.Ordinal));
    }

    [Fact]
    public void Of_two_heading_lines_without_a_blank_between_the_upper_is_the_title()
    {
        var result = SourceImporter.Import(NewsletterPost, ImportOptions.Default);
        Assert.Equal("How cities learned to love the bicycle again", result.Source.Metadata.Title);
        Assert.Contains(result.Report.DroppedFor(DropReason.Metadata), d => d.Detail == "subtitle" && d.Text.StartsWith("A century of planning", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bare_name_next_to_the_date_line_is_the_author()
    {
        Assert.Equal("Tom Becker", SourceImporter.Import(NewsletterPost, ImportOptions.Default).Source.Metadata.Authors.Single());
    }

    [Fact]
    public void A_subscribe_call_to_action_at_the_end_is_not_a_passage()
    {
        var passages = SourceImporter.Import(NewsletterPost, ImportOptions.Default).Source.Passages;
        Assert.Equal(2, passages.Length);
        Assert.DoesNotContain(passages, p => p.Text.Contains("Subscribe", StringComparison.Ordinal));
    }

    [Fact]
    public void A_month_and_year_line_is_a_month_date_not_the_title()
    {
        var result = SourceImporter.Import(PaperWithEndnotes, ImportOptions.Default);
        Assert.Equal("The Hidden Cost of Tax Expenditures", result.Source.Metadata.Title);
        Assert.Equal("2022-03", result.Source.Metadata.Date);
        Assert.Contains(result.Report.Warnings, w => w.Contains("only the month", StringComparison.Ordinal));
    }

    [Fact]
    public void Endnote_lines_wrapped_under_an_entry_belong_to_it()
    {
        var notes = SourceImporter.Import(PaperWithEndnotes, ImportOptions.Default).Source.Footnotes;
        Assert.Equal("Joint Committee on Taxation, Estimates of Federal Tax Expenditures, 2020-2024, table 1.", notes[0].Text);
        Assert.Equal("See the appendix for the list of provisions and their estimated cost By Income Group, table A2.", notes[2].Text);
    }

    [Fact]
    public void About_the_authors_section_is_dropped_as_author_bio()
    {
        var result = SourceImporter.Import(PaperWithEndnotes, ImportOptions.Default);
        Assert.Equal(3, result.Report.DroppedFor(DropReason.AuthorBio).Count());
        Assert.Equal(["R. J. Ellison", "Mei Lin"], result.Source.Metadata.Authors.ToArray());
    }

    [Fact]
    public void Section_headings_that_sound_like_page_widgets_do_not_cut_the_body()
    {
        const string page = """
            Results of a Small Trial

            By Ann Example
            May 2, 2021

            We ran a small trial with forty volunteers over six weeks, measuring sleep and mood every morning.

            Discussion

            The effect on sleep was modest but consistent across all age groups in the sample we studied.

            More on the data

            All measurements were taken at the same hour, and two volunteers who missed a week were excluded.
            """;
        var passages = SourceImporter.Import(page, ImportOptions.Default).Source.Passages;
        Assert.Equal(3, passages.Length);
        Assert.StartsWith("All measurements were taken", passages[^1].Text);
    }

    [Fact]
    public void A_place_name_label_under_the_title_is_not_taken_for_an_author()
    {
        const string page = """
            Talks resume after a long pause

            Latin America

            Buenos Aires says the talks will resume next month after a pause of nearly two years, officials confirmed on Monday.

            Buenos Aires is a city of thirteen million people, and its officials have said little about what changed in the meantime.
            """;
        var result = SourceImporter.Import(page, ImportOptions.Default);
        Assert.Empty(result.Source.Metadata.Authors);
        Assert.Equal(2, result.Source.Passages.Length);
    }
}
