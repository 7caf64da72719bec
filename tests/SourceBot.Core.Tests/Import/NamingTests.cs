using SourceBot.Core.Import;

namespace SourceBot.Core.Tests.Import;

/// <summary>Source ids from file names and titles, and dates in the forms pages write them.</summary>
public sealed class NamingTests
{
    [Theory]
    [InlineData("003_5cd931984e4271f3.txt", "003")]
    [InlineData("/some/folder/000_73f65b6d28c70419.txt", "000")]
    [InlineData("brookings-2010_copy.txt", "brookings-2010")]
    [InlineData("notes_5cd931.txt", "notes")]
    [InlineData("my_article.txt", null)]
    [InlineData("Article_1.txt", null)]
    [InlineData("page.txt", null)]
    public void Source_id_comes_from_a_file_name_prefix_that_looks_like_an_id(string fileName, string? expected)
    {
        Assert.Equal(expected, SourceImporter.SourceIdFromFileName(fileName));
    }

    [Theory]
    [InlineData("Legal Grounds for Protection of North Korean Refugees", "legal-grounds-for-protection-of-north")]
    [InlineData("Café – “Résumé” & Co.: 2024!", "cafe-resume-co-2024")]
    [InlineData("???", "source")]
    public void Slug_is_lower_case_ascii_words_cut_at_40_characters(string title, string expected)
    {
        var slug = SourceImporter.Slug(title);
        Assert.Equal(expected, slug);
        Assert.True(SourceBot.Core.Knowledge.KnowledgeFile.IsValidSourceId(slug));
    }

    [Theory]
    [InlineData("7/21/2020", "2020-07-21")]
    [InlineData("21/7/2020", "2020-07-21")]
    [InlineData("July 7th, 2014", "2014-07-07")]
    [InlineData("September 13, 2010", "2010-09-13")]
    [InlineData("07 Jun 2024", "2024-06-07")]
    [InlineData("2024-06-07", "2024-06-07")]
    [InlineData("Sept. 1, 2019", "2019-09-01")]
    [InlineData("Published on 3 March 2023", "2023-03-03")]
    [InlineData("by | July 7th, 2014 | 06:13 am", "2014-07-07")]
    [InlineData("Tuesday, May 5, 2020 - 09:30", "2020-05-05")]
    public void Date_lines_normalise_to_iso(string line, string iso)
    {
        Assert.Equal(iso, DateText.DateLine(line, out _)?.Iso);
    }

    [Theory]
    [InlineData("In September 2004, the High Commissioner announced it.")]
    [InlineData("October 2024")]
    [InlineData("February 30, 2020")]
    public void Sentences_archive_months_and_impossible_dates_are_no_date_lines(string line)
    {
        Assert.Null(DateText.DateLine(line, out _));
    }
}
