using SourceBot.Core.Import;

namespace SourceBot.Core.Tests.Import;

/// <summary>Input that cannot be imported fails with an <see cref="ImportException"/> whose message says why.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sourcebot-badinput-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Empty_text_is_refused_as_empty()
    {
        var ex = Assert.Throws<ImportException>(() => SourceImporter.Import("", ImportOptions.Default));
        Assert.Equal("the page text is empty: there is nothing to import.", ex.Message);
    }

    [Fact]
    public void Whitespace_only_text_is_refused_as_whitespace()
    {
        var ex = Assert.Throws<ImportException>(() => SourceImporter.Import(" \n\t\n\u00A0 \r\n", ImportOptions.Default));
        Assert.Contains("contains only whitespace", ex.Message);
    }

    [Fact]
    public void A_binary_file_is_refused_as_binary()
    {
        var path = Path.Combine(_dir, "image.png");
        File.WriteAllBytes(path, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52]);
        var ex = Assert.Throws<ImportException>(() => SourceImporter.ImportInto(_dir, path, ImportOptions.Default));
        Assert.Contains("looks like binary data", ex.Message);
        Assert.Contains("image.png", ex.Message);
    }

    [Fact]
    public void Text_full_of_control_characters_is_refused_as_binary()
    {
        var garbage = new string(Enumerable.Range(0, 400).Select(i => (char)(i % 7 == 0 ? 'a' : 1 + i % 20)).ToArray());
        var ex = Assert.Throws<ImportException>(() => SourceImporter.Import(garbage, ImportOptions.Default));
        Assert.Contains("looks like binary data", ex.Message);
    }

    [Fact]
    public void A_page_of_menus_and_links_has_no_body()
    {
        const string page = "Home\nAbout us\nContact\n\n  • News\n  • Events\n  • Publications\n\nLatest posts\nFirst post title\nSecond post title\n\n© 2024 Example Org. All rights reserved.\n";
        var ex = Assert.Throws<ImportException>(() => SourceImporter.Import(page, ImportOptions.Default));
        Assert.StartsWith("No article body found in the page text", ex.Message);
    }

    [Fact]
    public void A_page_with_only_one_short_sentence_has_no_body()
    {
        var ex = Assert.Throws<ImportException>(() => SourceImporter.Import("Welcome\n\nThis page has moved to a new address on our site.\n", ImportOptions.Default));
        Assert.Contains("No article body found", ex.Message);
    }

    [Fact]
    public void A_missing_file_is_reported_with_its_path()
    {
        var path = Path.Combine(_dir, "nope.txt");
        var ex = Assert.Throws<ImportException>(() => SourceImporter.ImportInto(_dir, path, ImportOptions.Default));
        Assert.StartsWith($"Cannot read '{path}'", ex.Message);
    }

    [Fact]
    public void An_invalid_source_id_override_is_refused_with_the_rule()
    {
        var ex = Assert.Throws<ImportException>(() => SourceImporter.Import(GeneralPageTests.NewsPage, new ImportOptions(SourceId: "Bad Id!")));
        Assert.Contains("Source id 'Bad Id!' is not valid", ex.Message);
    }

    [Fact]
    public void A_broken_existing_knowledge_file_is_reported_not_overwritten()
    {
        var raw = Path.Combine(_dir, "news.txt");
        File.WriteAllText(raw, GeneralPageTests.NewsPage);
        var existing = Path.Combine(_dir, "frog.md");
        File.WriteAllText(existing, "no front matter here\n");
        var ex = Assert.Throws<ImportException>(() => SourceImporter.ImportInto(_dir, raw, new ImportOptions(SourceId: "frog")));
        Assert.Contains("existing knowledge file is invalid", ex.Message);
        Assert.Equal("no front matter here\n", File.ReadAllText(existing));
    }

    [Fact]
    public void Latin1_bytes_that_are_not_utf8_are_still_read_as_text()
    {
        var path = Path.Combine(_dir, "latin1.txt");
        File.WriteAllBytes(path, System.Text.Encoding.Latin1.GetBytes("Caf\u00e9 society\n"));
        Assert.Equal("Caf\u00e9 society\n", SourceImporter.ReadRawFile(path));
    }
}
