using SourceBot.Core.Import;

namespace SourceBot.Core.Tests.Import;

/// <summary>Seed 000: an HRNK blog post with menus, category and archive sidebars, comments, a dedication and 28 footnotes.</summary>
public sealed class Seed000ImportTests
{
    private static ImportResult Result => Seeds.Import("000");

    [Fact]
    public void Body_starts_with_the_first_paragraph_of_the_article()
    {
        Assert.StartsWith("In 2004, the UN High Commissioner for Refugees (UNHCR) declared North Korean migrants in China “persons of concern,”",
            Result.Source.Passages[0].Text);
    }

    [Fact]
    public void Body_ends_with_the_last_paragraph_of_the_article()
    {
        Assert.EndsWith("it has absolutely no ally in its denigration of the rights and dignity of its people.", Result.Source.Passages[^1].Text);
    }

    [Fact]
    public void Every_article_paragraph_is_a_passage_and_section_headings_are_not()
    {
        var texts = Result.Source.Passages.Select(p => p.Text).ToList();
        Assert.Equal(9, texts.Count);
        Assert.Contains(texts, t => t.StartsWith("China has also afforded the UNHCR only limited access", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("Moreover, according to the UNHCR, North Korean migrants can be classified as refugees sur place", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t is "Legal Framework" or "Forcible Repatriation" or "Conclusion");
    }

    [Theory]
    [InlineData("May Day Stadium")]        // category list
    [InlineData("Monero")]                 // category list
    [InlineData("October 2024")]           // archive list
    [InlineData("0 Comments")]
    [InlineData("Leave a Reply")]
    [InlineData("Picture")]
    [InlineData("rising senior at Cornell")] // author bio
    [InlineData("dedicate this program")]     // dedication
    [InlineData("Katty")]                     // dedication
    [InlineData("All rights reserved")]
    [InlineData("Edited by Rosa Park")]
    [InlineData("RSS Feed")]
    [InlineData("Submit a Blog Post")]
    [InlineData("About the Camps")]          // menu
    [InlineData("[email")]
    public void Page_furniture_is_not_in_the_knowledge_file(string boilerplate)
    {
        Assert.DoesNotContain(boilerplate, SourceBot.Core.Knowledge.KnowledgeFile.Write(Result.Source), StringComparison.Ordinal);
    }

    [Fact]
    public void All_28_footnotes_are_parsed_in_order_with_their_full_text()
    {
        var notes = Result.Source.Footnotes;
        Assert.Equal(Enumerable.Range(1, 28), notes.Select(f => f.Number));
        Assert.Equal("Roberta Cohen, \"Legal Grounds for Protection of North Korean Refugees,\" Brookings Institution, September 13, 2010, https://www.brookings.edu/opinions/legal-grounds-for-protection-of-north-korean-refugees/.",
            notes[0].Text);
        Assert.EndsWith("(www.ohchr.org/Documents/HRBodies/HRCouncil/CoIDPRK/Report/A.HRC.25.63.doc)", notes[12].Text);
    }

    [Fact]
    public void Inline_footnote_markers_stay_in_the_passage_text()
    {
        Assert.Contains("their safety guaranteed.[1] In 2014", Result.Source.Passages[0].Text);
        Assert.EndsWith("cannot be understated. Such a reform would celebrate human rights and signify to North Korea that it has absolutely no ally in its denigration of the rights and dignity of its people.", Result.Source.Passages[^1].Text);
    }

    [Fact]
    public void Metadata_comes_from_the_heading_byline_date_and_copyright_lines()
    {
        var m = Result.Source.Metadata;
        Assert.Equal("The Plight of North Korean Migrants in China", m.Title);
        Assert.Equal("Emma DiGiovanni", Assert.Single(m.Authors));
        Assert.Equal("2020-07-21", m.Date);
        Assert.Equal("Committee for Human Rights in North Korea", m.Publisher);
        Assert.Null(m.Url); // the page never contains its own address
    }

    [Fact]
    public void Report_gives_the_reason_for_each_kind_of_furniture()
    {
        var report = Result.Report;
        Assert.Contains(report.DroppedFor(DropReason.Dedication), d => d.Text.Contains("wish to dedicate", StringComparison.Ordinal));
        Assert.Contains(report.DroppedFor(DropReason.CategoryOrArchiveList), d => d.Text.Contains("May Day Stadium", StringComparison.Ordinal));
        Assert.Contains(report.DroppedFor(DropReason.AuthorBio), d => d.Text.StartsWith("Emma DiGiovanni is a rising senior", StringComparison.Ordinal));
        Assert.Contains(report.DroppedFor(DropReason.Comments), d => d.Text.Contains("0 Comments", StringComparison.Ordinal));
        Assert.Contains(report.DroppedFor(DropReason.FooterOrCopyright), d => d.Text.StartsWith("© 2024", StringComparison.Ordinal));
        Assert.Contains(report.DroppedFor(DropReason.SectionHeading), d => d.Text == "Legal Framework");
    }

    [Fact]
    public void Report_prints_counts_and_one_line_per_dropped_block_with_a_short_preview()
    {
        var text = Result.Report.Format();
        Assert.Contains("kept 9 passages, 28 footnotes", text);
        var dedication = text.Split('\n').Single(l => l.Contains("dedication", StringComparison.Ordinal));
        Assert.Contains("lines 97-107", dedication);
        Assert.True(dedication.Length < 140, dedication);
        Assert.Contains("line 367: copyright line", text);
    }
}
