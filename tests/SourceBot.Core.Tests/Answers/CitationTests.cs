using SourceBot.Core.Answers;

namespace SourceBot.Core.Tests.Answers;

public sealed class CitationTests
{
    private static readonly Citation Cohen = new(["Roberta Cohen"], "Legal Grounds for Protection of North Korean Refugees",
        "Brookings Institution", "2010-09-13", "https://www.brookings.edu/x/");

    [Fact]
    public void Apa_puts_surname_initials_and_year_first()
    {
        Assert.Equal("Cohen, R. (2010, September 13). Legal Grounds for Protection of North Korean Refugees. Brookings Institution. https://www.brookings.edu/x/",
            Cohen.Format(CitationStyle.Apa));
    }

    [Fact]
    public void Mla_quotes_the_title_and_abbreviates_the_month()
    {
        Assert.Equal("Cohen, Roberta. “Legal Grounds for Protection of North Korean Refugees.” Brookings Institution, 13 Sept. 2010, www.brookings.edu/x/.",
            Cohen.Format(CitationStyle.Mla));
    }

    [Fact]
    public void Chicago_spells_out_the_date_and_ends_with_the_url()
    {
        Assert.Equal("Cohen, Roberta. “Legal Grounds for Protection of North Korean Refugees.” Brookings Institution, September 13, 2010. https://www.brookings.edu/x/.",
            Cohen.Format(CitationStyle.Chicago));
    }

    [Fact]
    public void Mla_writes_may_june_and_july_in_full()
    {
        Assert.Contains("7 June 2024", (Cohen with { Date = "2024-06-07" }).Format(CitationStyle.Mla));
        Assert.Contains("7 July 2014", (Cohen with { Date = "2014-07-07" }).Format(CitationStyle.Mla));
    }

    [Fact]
    public void Unknown_fields_are_left_out_not_invented()
    {
        var bare = new Citation([], "Untitled Notes", null, null, null);

        Assert.Equal("Untitled Notes. (n.d.).", bare.Format(CitationStyle.Apa));
        Assert.Equal("“Untitled Notes.”", bare.Format(CitationStyle.Mla));
        Assert.Equal("\"Untitled Notes\"", bare.ToString());
    }

    [Fact]
    public void Two_authors_are_joined_with_and()
    {
        var c = Cohen with { Authors = ["Stephan Haggard", "Marcus Noland"] };

        Assert.StartsWith("Stephan Haggard and Marcus Noland,", c.ToString());
        Assert.StartsWith("Haggard, S., & Noland, M. (2010", c.Format(CitationStyle.Apa));
    }
}
