using SourceBot.Core.Import;

namespace SourceBot.Core.Tests.Import;

/// <summary>Seed 001: a translated ThinkChina article with a standfirst, duplicated pull quotes and photo captions, no footnotes.</summary>
public sealed class Seed001ImportTests
{
    private static ImportResult Result => Seeds.Import("001");

    [Fact]
    public void Body_starts_with_the_first_paragraph_not_the_standfirst()
    {
        Assert.StartsWith("The 32 years of diplomatic relations between South Korea and China have achieved considerable outcomes",
            Result.Source.Passages[0].Text);
        Assert.Contains(Result.Report.DroppedFor(DropReason.Summary), d => d.Text.StartsWith("Academic Kang Jun-young notes that", StringComparison.Ordinal));
    }

    [Fact]
    public void Body_ends_with_the_last_paragraph_not_the_first_published_line()
    {
        Assert.Equal("South Korea and China should prioritise humanitarian principles, setting clear directions and formulating substantial plans that offer innovative solutions distinct from previous approaches.",
            Result.Source.Passages[^1].Text);
        Assert.Contains(Result.Report.DroppedFor(DropReason.FirstPublished), d => d.Text.StartsWith("This article was first published in Lianhe Zaobao", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("estimates that there are currently more than 10,000 North Korean defectors in China")]
    [InlineData("China treats the issue as one that is between China and North Korea, completely excluding")]
    [InlineData("Arrest, detention and repatriation without initiating the process")]
    [InlineData("If China wants to be a global leader, it must align its interpretation")]
    public void A_pull_quote_is_not_duplicated_its_paragraph_keeps_the_text(string sentence)
    {
        Assert.Single(Result.Source.Passages, p => p.Text.Contains(sentence, StringComparison.Ordinal));
    }

    [Fact]
    public void The_pull_quote_paragraph_kept_is_the_full_one()
    {
        Assert.Contains(Result.Source.Passages, p => p.Text.StartsWith("Consequently, China treats the issue as one that is between China and North Korea", StringComparison.Ordinal));
        Assert.Equal(4, Result.Report.DroppedFor(DropReason.DuplicateOrPullQuote).Count());
    }

    [Theory]
    [InlineData("(Pedro Pardo/AFP)")]
    [InlineData("(Chung Sung-jun/AFP)")]
    [InlineData("This photo taken on")]
    [InlineData("This picture taken on")]
    [InlineData("first published in")]
    [InlineData("Professor of Chinese Studies")]
    [InlineData("Academic Kang Jun-young notes")]
    [InlineData("An issue between China and North Korea only?")]
    public void Captions_bio_standfirst_and_headings_are_not_passages(string boilerplate)
    {
        Assert.DoesNotContain(Result.Source.Passages, p => p.Text.Contains(boilerplate, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_article_paragraph_is_a_passage()
    {
        Assert.Equal(29, Result.Source.Passages.Length);
        Assert.Contains(Result.Source.Passages, p => p.Text.StartsWith("In fact, the UNHCR and China signed a special agreement in 1995.", StringComparison.Ordinal));
    }

    [Fact]
    public void Has_no_footnotes()
    {
        Assert.Empty(Result.Source.Footnotes);
    }

    [Fact]
    public void Metadata_comes_from_the_page_and_the_publisher_override()
    {
        var m = Result.Source.Metadata;
        Assert.Equal("Plight of North Korean defectors in China sparks urgent humanitarian concerns", m.Title);
        Assert.Equal("Kang Jun-young", Assert.Single(m.Authors));
        Assert.Equal("2024-06-07", m.Date);
        Assert.Equal("ThinkChina", m.Publisher);
        Assert.Null(m.Url);
        Assert.Equal("Translated by Yuen Kum Cheong. This article was first published in Lianhe Zaobao as “亟待人道关注的中国境内脱北者问题”.", m.Note);
    }

    [Fact]
    public void Without_the_override_the_publisher_is_the_outlet_that_first_published_it()
    {
        var result = SourceImporter.Import(SourceImporter.ReadRawFile(Seeds.PathOf("001")), new ImportOptions(SourceId: "001"));
        Assert.Equal("Lianhe Zaobao", result.Source.Metadata.Publisher);
        Assert.Contains("\"first published in\" line", result.Report.FindingFor("publisher")!.Origin);
    }
}
