using SourceBot.Core.Import;

namespace SourceBot.Core.Tests.Import;

/// <summary>Seed 004: a PIIE blog post with bullet lists, an empty "by |" byline and no footnotes.</summary>
public sealed class Seed004ImportTests
{
    private static ImportResult Result => Seeds.Import("004");

    [Fact]
    public void Body_starts_with_the_first_paragraph_of_the_article()
    {
        Assert.StartsWith("In Witness to Transformation, and repeatedly in this blog, we have argued that most North Koreans",
            Result.Source.Passages[0].Text);
    }

    [Fact]
    public void Body_ends_with_the_last_paragraph_of_the_article()
    {
        Assert.EndsWith("and this seems like a place to start that is on surprisingly strong legal footing.", Result.Source.Passages[^1].Text);
    }

    [Fact]
    public void A_bullet_list_joins_the_paragraph_that_introduces_it()
    {
        var first = Result.Source.Passages[0].Text;
        Assert.Contains("does not rest on the additional grounds provided to those that are directly persecuted: • North Korean criminalizes unauthorized exit", first);
        Assert.Contains("; • North Korea routinely incarcerates and punishes those who return or are returned, often brutally; • As a result,", first);
        Assert.EndsWith("free to leave—and re-enter—their own country.", first);
    }

    [Fact]
    public void Every_list_item_is_kept_once()
    {
        Assert.Equal(5, Result.Source.Passages.Length);
        var cohen = Result.Source.Passages[3].Text;
        Assert.StartsWith("In a detailed treatment of the issue for The International Journal of Korean Studies (.pdf here) Roberta Cohen", cohen);
        Assert.Equal(4, cohen.Split(" • ").Length - 1);
        Assert.EndsWith("providing a possible domestic political basis to build on.", cohen);
    }

    [Theory]
    [InlineData("Subscribe to North Korea")]
    [InlineData("Posts on the CoI")]
    [InlineData("06:13 am")]
    [InlineData("nonpartisan")]
    [InlineData("PIIE Blog")]
    public void Page_furniture_is_not_in_the_body(string boilerplate)
    {
        Assert.DoesNotContain(Result.Source.Passages, p => p.Text.Contains(boilerplate, StringComparison.Ordinal));
    }

    [Fact]
    public void Metadata_comes_from_the_page_and_authors_stay_unknown()
    {
        var m = Result.Source.Metadata;
        Assert.Equal("Chinese Repatriation of North Korean Refugees", m.Title);
        Assert.Empty(m.Authors); // "by |" names nobody
        Assert.Equal("2014-07-07", m.Date);
        Assert.Equal("Peterson Institute for International Economics", m.Publisher);
        Assert.Null(m.Url);
        Assert.Empty(Result.Source.Footnotes);
    }
}
