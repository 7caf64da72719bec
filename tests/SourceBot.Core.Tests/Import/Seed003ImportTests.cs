using SourceBot.Core.Import;

namespace SourceBot.Core.Tests.Import;

/// <summary>Seed 003: a Brookings article with a bare-name byline, an affiliation line and 13 blank-line separated footnotes.</summary>
public sealed class Seed003ImportTests
{
    private static ImportResult Result => Seeds.Import("003");

    [Fact]
    public void Body_starts_with_the_first_paragraph_of_the_article()
    {
        Assert.StartsWith("Several years ago, a senior Chinese diplomat told me that his government does not consider North Koreans",
            Result.Source.Passages[0].Text);
    }

    [Fact]
    public void Body_ends_with_the_last_paragraph_of_the_article()
    {
        Assert.EndsWith("it is critical that the rights of North Koreans to leave their country and be protected from forced returns be internationally defended.",
            Result.Source.Passages[^1].Text);
        Assert.Equal(10, Result.Source.Passages.Length);
    }

    [Fact]
    public void Affiliation_line_is_dropped_as_author_bio()
    {
        Assert.DoesNotContain(Result.Source.Passages, p => p.Text.Contains("Former Brookings Expert", StringComparison.Ordinal));
        Assert.Contains(Result.Report.DroppedFor(DropReason.AuthorBio), d => d.Text.StartsWith("Roberta Cohen Former Brookings Expert", StringComparison.Ordinal));
    }

    [Fact]
    public void All_13_footnotes_are_parsed()
    {
        Assert.Equal(Enumerable.Range(1, 13), Result.Source.Footnotes.Select(f => f.Number));
    }

    [Fact]
    public void Footnote_9_explains_snakehead()
    {
        Assert.Equal("The term snakehead has been said to connote a slithering from point to point and/or human traffickers or smugglers.",
            Result.Source.FindFootnote(9)!.Text);
    }

    [Fact]
    public void Footnote_6_explains_persons_of_concern_in_full()
    {
        var text = Result.Source.FindFootnote(6)!.Text;
        Assert.StartsWith("In September 2004, the High Commissioner announced before EXCOM", text);
        Assert.Contains("“persons of concern.”", text);
        Assert.EndsWith("are to be excluded from refugee status).", text);
    }

    [Fact]
    public void Marker_with_a_space_before_it_stays_as_written()
    {
        Assert.Contains(Result.Source.Passages, p => p.Text.Contains("North Koreans in China are “persons of concern,” [6] who should not be returned", StringComparison.Ordinal));
    }

    [Fact]
    public void Metadata_comes_from_the_page_and_the_overrides()
    {
        var m = Result.Source.Metadata;
        Assert.Equal("Legal Grounds for Protection of North Korean Refugees", m.Title);
        Assert.Equal("Roberta Cohen", Assert.Single(m.Authors));
        Assert.Equal("2010-09-13", m.Date);
        Assert.Equal("Brookings Institution", m.Publisher);
        Assert.Equal("https://www.brookings.edu/opinions/legal-grounds-for-protection-of-north-korean-refugees/", m.Url);
        Assert.Equal("override (the page names none)", Result.Report.FindingFor("publisher")!.Origin);
    }
}
