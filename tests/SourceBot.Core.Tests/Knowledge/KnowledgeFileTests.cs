using System.Collections.Immutable;
using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Tests.Knowledge;

/// <summary>The knowledge file format: what Write produces Parse reads back unchanged, ids come from the file, errors are clear.</summary>
public sealed class KnowledgeFileTests
{
    private static Source Sample() => new(
        "demo-1",
        new SourceMetadata(
            "A title: with a colon, \"quotes\", a back\\slash and “curly” quotes",
            ["Ann Author", "Bo O'Brien"],
            "Some Institute",
            "2020-07-21",
            "https://example.org/a?b=1&c=2#d",
            "Translated by X. First published in Y as “Z”."),
        [
            new Passage("demo-1#p1", "demo-1", "First paragraph with a marker.[1] And two more.[2][3]"),
            new Passage("demo-1#p4", "demo-1", "A passage whose id is not its position: intro: • item one; • item two."),
            new Passage("demo-1#p2", "demo-1", "A hidden passage keeps its id.", Hidden: true),
            new Passage("demo-1#p7", "demo-1", "[5] A passage that starts with a marker, and # a hash, and --- dashes."),
        ],
        [new Footnote(1, "Footnote one, https://example.org/x."), new Footnote(2, "Two."), new Footnote(3, "Three [sic] with brackets.")],
        NextPassageNumber: 9);

    private static void AssertSameSource(Source expected, Source actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Metadata with { Authors = [] }, actual.Metadata with { Authors = [] });
        Assert.Equal(expected.Metadata.Authors.ToArray(), actual.Metadata.Authors.ToArray());
        Assert.Equal(expected.Passages.ToArray(), actual.Passages.ToArray());
        Assert.Equal(expected.Footnotes.ToArray(), actual.Footnotes.ToArray());
        Assert.Equal(expected.NextPassageNumber, actual.NextPassageNumber);
    }

    [Fact]
    public void Write_then_parse_gives_back_the_same_source()
    {
        var source = Sample();
        AssertSameSource(source, KnowledgeFile.Parse(KnowledgeFile.Write(source), source.Id));
    }

    [Fact]
    public void Parse_then_write_reproduces_a_canonical_file_byte_for_byte()
    {
        var text = KnowledgeFile.Write(Sample());
        Assert.Equal(text, KnowledgeFile.Write(KnowledgeFile.Parse(text, "demo-1")));
    }

    [Fact]
    public void Source_without_optional_fields_or_footnotes_round_trips()
    {
        var bare = new Source("bare", new SourceMetadata("Only a title", [], null, null, null),
            [new Passage("bare#p1", "bare", "Just one paragraph.")], [], 2);
        var text = KnowledgeFile.Write(bare);
        Assert.DoesNotContain("## Footnotes", text);
        Assert.DoesNotContain("publisher:", text);
        AssertSameSource(bare, KnowledgeFile.Parse(text, "bare"));
    }

    [Fact]
    public void Passage_ids_come_from_the_file_not_from_the_order()
    {
        var source = KnowledgeFile.Parse(KnowledgeFile.Write(Sample()), "demo-1");
        Assert.Equal(["demo-1#p1", "demo-1#p4", "demo-1#p2", "demo-1#p7"], source.Passages.Select(p => p.Id).ToArray());
    }

    [Fact]
    public void Hidden_flag_is_kept()
    {
        var source = KnowledgeFile.Parse(KnowledgeFile.Write(Sample()), "demo-1");
        Assert.True(source.Passages.Single(p => p.Id == "demo-1#p2").Hidden);
        Assert.False(source.Passages.Single(p => p.Id == "demo-1#p1").Hidden);
    }

    [Fact]
    public void Next_passage_number_is_kept_even_above_the_highest_id_so_removed_ids_are_never_reused()
    {
        var source = KnowledgeFile.Parse(KnowledgeFile.Write(Sample()), "demo-1");
        Assert.Equal(9, source.NextPassageNumber);
    }

    [Fact]
    public void Next_passage_number_is_raised_above_the_highest_id_when_the_file_says_less()
    {
        const string text = "---\ntitle: \"T\"\nnext_passage: 2\n---\n\n[p5] Five.\n";
        Assert.Equal(6, KnowledgeFile.Parse(text, "x").NextPassageNumber);
    }

    [Fact]
    public void A_paragraph_wrapped_over_several_lines_is_one_passage()
    {
        const string text = "---\ntitle: \"T\"\n---\n\n[p1] A long paragraph\n  wrapped by a person\nover three lines.\n\n[p2] Next.\n";
        var source = KnowledgeFile.Parse(text, "x");
        Assert.Equal("A long paragraph wrapped by a person over three lines.", source.Passages[0].Text);
        Assert.Equal(2, source.Passages.Length);
    }

    [Fact]
    public void Windows_line_ends_and_a_byte_order_mark_are_accepted()
    {
        var text = "\uFEFF" + KnowledgeFile.Write(Sample()).Replace("\n", "\r\n", StringComparison.Ordinal);
        AssertSameSource(Sample(), KnowledgeFile.Parse(text, "demo-1"));
    }

    [Fact]
    public void Footnote_markers_of_a_passage_are_read_from_its_text()
    {
        var source = KnowledgeFile.Parse(KnowledgeFile.Write(Sample()), "demo-1");
        Assert.Equal([1, 2, 3], source.Passages[0].FootnoteNumbers.ToArray());
    }

    [Fact]
    public void Directory_save_writes_the_file_atomically_and_load_reads_it_back()
    {
        var dir = Directory.CreateTempSubdirectory("sourcebot-knowledge-").FullName;
        try
        {
            var path = KnowledgeDirectory.Save(dir, Sample());
            Assert.Equal(Path.Combine(dir, "demo-1.md"), path);
            Assert.Equal([path], Directory.GetFiles(dir)); // no temporary file left behind
            AssertSameSource(Sample(), KnowledgeDirectory.Load(dir).FindSource("demo-1")!);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // ---- parse errors name the file and the problem --------------------------------------------------------------------

    private static string ErrorOf(string text, string id = "x") =>
        Assert.Throws<KnowledgeFormatException>(() => KnowledgeFile.Parse(text, id, "knowledge/x.md")).Message;

    [Fact]
    public void Missing_front_matter_is_reported()
    {
        Assert.Equal("knowledge/x.md: expected front matter starting with '---' on the first line.", ErrorOf("title: T\n\n[p1] Text.\n"));
    }

    [Fact]
    public void Unclosed_front_matter_is_reported()
    {
        Assert.Equal("knowledge/x.md: front matter is not closed with a '---' line.", ErrorOf("---\ntitle: \"T\"\n\n[p1] Text.\n"));
    }

    [Fact]
    public void Missing_title_is_reported()
    {
        Assert.Equal("knowledge/x.md: front matter needs a 'title'.", ErrorOf("---\nauthors: []\n---\n\n[p1] Text.\n"));
    }

    [Fact]
    public void Invalid_yaml_is_reported_as_such()
    {
        Assert.StartsWith("knowledge/x.md: front matter is not valid YAML", ErrorOf("---\ntitle: \"unclosed\nauthors: [\n---\n\n[p1] Text.\n"));
    }

    [Fact]
    public void Paragraph_without_an_id_is_reported_with_a_preview()
    {
        var message = ErrorOf("---\ntitle: \"T\"\n---\n\nA paragraph someone added without an id tag at the start of it, which is long.\n");
        Assert.Equal("knowledge/x.md: every paragraph must start with its id, like '[p12] '. Found: 'A paragraph someone added without an id tag at the start of …'.", message);
    }

    [Fact]
    public void Duplicate_passage_id_is_reported()
    {
        Assert.Equal("knowledge/x.md: passage id p3 appears twice.", ErrorOf("---\ntitle: \"T\"\n---\n\n[p3] One.\n\n[p3] Two.\n"));
    }

    [Fact]
    public void Empty_passage_is_reported()
    {
        Assert.Equal("knowledge/x.md: passage p1 is empty.", ErrorOf("---\ntitle: \"T\"\n---\n\n[p1]\n"));
    }

    [Fact]
    public void Footnote_without_a_number_is_reported()
    {
        Assert.Equal("knowledge/x.md: every footnote must start with its number, like '[3] '. Found: 'A note without its number.'.",
            ErrorOf("---\ntitle: \"T\"\n---\n\n[p1] Text.[1]\n\n## Footnotes\n\nA note without its number.\n"));
    }

    [Fact]
    public void Invalid_source_id_is_reported_with_the_rule()
    {
        Assert.StartsWith("knowledge/x.md: source id 'Has Spaces' must be lower-case letters", ErrorOf("---\ntitle: \"T\"\n---\n", "Has Spaces"));
    }

    [Fact]
    public void Loading_a_folder_without_source_files_says_so()
    {
        var dir = Directory.CreateTempSubdirectory("sourcebot-empty-").FullName;
        try
        {
            var ex = Assert.Throws<KnowledgeFormatException>(() => KnowledgeDirectory.Load(dir));
            Assert.Equal($"Knowledge folder '{dir}' has no source files (*.md).", ex.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
