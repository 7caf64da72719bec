using SourceBot.Core.Import;

namespace SourceBot.Core.Tests.Import;

/// <summary>
/// Two shapes common on news-release pages: share bars ("Share this via Facebook Twitter LinkedIn Email", "Share on X /
/// Share on WhatsApp", a vertical list of network names) and photo-credit lines under images ("AFP / John Smith",
/// "Reuters/Jane Doe", "Yonhap / Getty Images"). Both are dropped and reported; sentences that merely mention a network or
/// contain a slash stay.
/// </summary>
public sealed class ShareBarAndPhotoCreditTests
{
    private const string ReleaseWithShareBars = """
        Ministry of Coastal Affairs
        Home
        News
        Press releases

        News release

        New tide gauges for every fishing harbour by 2026

        Share this via Facebook Twitter LinkedIn Email

        PORTMERE, 3 April 2024 — The coastal affairs ministry will install automatic tide gauges in all 38 of the country's fishing harbours by the end of 2026, replacing manual readings that in some harbours are still taken twice a day from a painted post.

        The gauges report the water level every minute. Skippers will be able to read them on a public website and over the harbour radio service, and the readings will feed the national storm-surge warning system.

        Share on X / Share on WhatsApp

        "Fishermen have asked for this for years," said the minister, Aled Morgan. "A skipper deciding whether to put out at dawn should not have to guess how much water there is over the bar."

        Skippers in the north mostly use three messaging apps:
        • WeChat
        • Line
        • KakaoTalk

        The ministry shared the report via Twitter on Monday, a day before parliament approved the budget for the programme.

        Costs are shared on a 50/50 split between the ministry and the harbour authorities, which will pay for maintenance after the first five years.

        Share prices of the two listed harbour operators, Eastport Holdings and Calder Marine, rose slightly after the announcement.

        Share this:
        Facebook
        WeChat
        Line
        Threads
        Email

        © 2024 Ministry of Coastal Affairs
        """;

    private const string StoryWithPhotoCredits = """
        The Northern Courier
        World | Asia | Business

        Asia

        Rescue teams reach flooded villages in the north

        Image
        Yonhap / Getty Images

        SEOUL, 9 August 2023 — Rescue teams reached the last of the villages cut off by floods in the north of the country on Wednesday, three days after a week of rain washed away roads and two bridges.

        Soldiers carry supplies across a damaged bridge in Yecheon. AFP / John Smith

        More than 1,200 people spent the night in school gymnasiums and community halls, officials said, and about 300 homes were flooded to the roof.

        Photo: AP / Kim Lee

        The provincial government said it would pay for temporary housing for families whose homes could not be repaired before the winter.

        Reuters/Jane Doe

        The figures were compiled by the Red Cross/Red Crescent office in Andong and checked against the county registers.

        © 2023 Northern Courier Ltd
        """;

    private static readonly Lazy<ImportResult> ReleaseResult = new(() => SourceImporter.Import(ReleaseWithShareBars, ImportOptions.Default));
    private static readonly Lazy<ImportResult> StoryResult = new(() => SourceImporter.Import(StoryWithPhotoCredits, ImportOptions.Default));

    private static ImportResult Release => ReleaseResult.Value;
    private static ImportResult Story => StoryResult.Value;

    /// <summary>A short note with <paramref name="line"/> set on its own between its two paragraphs.</summary>
    private static ImportResult NoteWith(string line) => SourceImporter.Import($"""
        Harbour notes

        By Ann Example
        May 2, 2021

        The first paragraph says what the note is about and runs long enough to read as prose in any page.

        {line}

        The second paragraph goes on after the inserted line and ends the short note with a full sentence.
        """, ImportOptions.Default);

    private static bool Dropped(ImportResult r, DropReason reason, string text, string? detail = null) =>
        r.Report.DroppedFor(reason).Any(d => d.Text.Contains(text, StringComparison.Ordinal) && (detail is null || d.Detail == detail));

    private static string Body(ImportResult r) => string.Join("\n", r.Source.Passages.Select(p => p.Text));

    // ---- share bars -------------------------------------------------------------------------------------------------

    [Fact]
    public void A_share_bar_under_the_headline_is_neither_the_title_nor_its_subtitle()
    {
        Assert.Equal("New tide gauges for every fishing harbour by 2026", Release.Source.Metadata.Title);
        Assert.True(Dropped(Release, DropReason.ShareOrSubscribe, "Share this via Facebook Twitter LinkedIn Email"));
        Assert.False(Dropped(Release, DropReason.Metadata, "Share this via"));
    }

    [Fact]
    public void A_share_bar_between_paragraphs_is_dropped_and_the_body_runs_on_past_it()
    {
        Assert.True(Dropped(Release, DropReason.ShareOrSubscribe, "Share on X / Share on WhatsApp"));
        Assert.StartsWith("\"Fishermen have asked for this for years,\"", Release.Source.Passages[2].Text);
        Assert.DoesNotContain("Share on", Body(Release), StringComparison.Ordinal);
    }

    [Fact]
    public void A_vertical_list_of_network_names_after_the_release_is_one_share_block()
    {
        var block = Assert.Single(Release.Report.DroppedFor(DropReason.ShareOrSubscribe), d => d.Text.StartsWith("Share this:", StringComparison.Ordinal));
        Assert.Equal("Share this: / Facebook / WeChat / Line / Threads / Email", block.Text);
    }

    [Fact]
    public void Network_names_in_a_list_the_article_introduces_stay_in_the_article()
    {
        Assert.Contains(Release.Source.Passages, p => p.Text == "Skippers in the north mostly use three messaging apps: • WeChat • Line • KakaoTalk");
    }

    [Fact]
    public void Sentences_that_mention_a_network_or_a_split_stay_and_the_release_keeps_its_seven_paragraphs()
    {
        var passages = Release.Source.Passages;
        Assert.Equal(7, passages.Length);
        Assert.StartsWith("The ministry shared the report via Twitter on Monday,", passages[4].Text);
        Assert.StartsWith("Costs are shared on a 50/50 split", passages[5].Text);
        Assert.StartsWith("Share prices of the two listed harbour operators", passages[6].Text);
    }

    [Theory]
    [InlineData("Share this via Facebook Twitter LinkedIn Email")]
    [InlineData("Share on X / Share on WhatsApp")]
    [InlineData("Share: Facebook | X | LinkedIn | Email")]
    [InlineData("Facebook Twitter LinkedIn WhatsApp Email")]
    [InlineData("Click to share on Telegram (Opens in new window)")]
    [InlineData("Share this article on X (formerly Twitter)")]
    public void A_share_bar_line_is_dropped_as_share_widget(string line)
    {
        var result = NoteWith(line);
        Assert.True(Dropped(result, DropReason.ShareOrSubscribe, line));
        Assert.Equal(2, result.Source.Passages.Length);
    }

    // ---- photo credits ----------------------------------------------------------------------------------------------

    [Fact]
    public void A_credit_under_the_lead_image_is_not_taken_for_the_title()
    {
        Assert.Equal("Rescue teams reach flooded villages in the north", Story.Source.Metadata.Title);
        Assert.True(Dropped(Story, DropReason.PhotoCaption, "Yonhap / Getty Images", "photo credit"));
    }

    [Theory]
    [InlineData("Photo: AP / Kim Lee")]
    [InlineData("Reuters/Jane Doe")]
    public void A_credit_line_between_paragraphs_is_dropped_as_photo_credit(string credit)
    {
        Assert.True(Dropped(Story, DropReason.PhotoCaption, credit, "photo credit"));
        Assert.DoesNotContain(credit, Body(Story), StringComparison.Ordinal);
    }

    [Fact]
    public void A_caption_ending_in_its_credit_is_dropped_as_photo_caption()
    {
        Assert.True(Dropped(Story, DropReason.PhotoCaption, "Soldiers carry supplies across a damaged bridge in Yecheon. AFP / John Smith"));
        Assert.DoesNotContain("Soldiers carry supplies", Body(Story), StringComparison.Ordinal);
    }

    [Fact]
    public void A_sentence_naming_two_organisations_with_a_slash_stays_and_the_story_keeps_its_four_paragraphs()
    {
        var passages = Story.Source.Passages;
        Assert.Equal(4, passages.Length);
        Assert.StartsWith("SEOUL, 9 August 2023 — Rescue teams reached", passages[0].Text);
        Assert.StartsWith("The figures were compiled by the Red Cross/Red Crescent office", passages[^1].Text);
    }

    [Theory]
    [InlineData("AFP / John Smith")]
    [InlineData("Reuters/Jane Doe")]
    [InlineData("Photo: AP / Kim Lee")]
    [InlineData("Yonhap / Getty Images")]
    [InlineData("John Smith/AFP")]
    [InlineData("AFP via Getty Images")]
    [InlineData("EPA-EFE / Park Min-jun")]
    public void A_photo_credit_line_is_dropped_as_photo_credit(string line)
    {
        var result = NoteWith(line);
        Assert.True(Dropped(result, DropReason.PhotoCaption, line, "photo credit"));
        Assert.Equal(2, result.Source.Passages.Length);
    }

    [Theory]
    [InlineData("Portmere / Eastwick Harbour")]
    [InlineData("Costs / Benefits")]
    public void A_heading_with_a_slash_but_no_agency_stays_a_section_heading(string line)
    {
        Assert.True(Dropped(NoteWith(line), DropReason.SectionHeading, line));
    }

    // ---- sentences that only look like either -----------------------------------------------------------------------

    [Theory]
    [InlineData("The ministry shared the report via Twitter on Monday.")]
    [InlineData("Costs are shared on a 50/50 split between the ministry and the harbour authorities.")]
    [InlineData("Share prices rose after the news was posted on Facebook and LinkedIn.")]
    [InlineData("Readings are posted on X, Facebook and WhatsApp every hour.")]
    [InlineData("The ferry on the Portmere/Eastwick route will carry a gauge as well.")]
    [InlineData("The pictures were supplied by AFP/Getty Images under the usual licence.")]
    public void A_sentence_that_mentions_a_network_or_contains_a_slash_stays_a_passage(string sentence)
    {
        var passages = NoteWith(sentence).Source.Passages;
        Assert.Equal(3, passages.Length);
        Assert.Equal(sentence, passages[1].Text);
    }
}
