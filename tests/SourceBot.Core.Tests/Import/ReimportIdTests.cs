using SourceBot.Core.Import;
using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Tests.Import;

/// <summary>
/// Re-importing a page into a knowledge folder that already holds the source keeps passage ids stable: taught questions,
/// feedback and past replies refer to them.
/// </summary>
public sealed class ReimportIdTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sourcebot-import-").FullName;
    private readonly string _raw;
    private readonly string _page;

    public ReimportIdTests()
    {
        _page = SourceImporter.ReadRawFile(Seeds.PathOf("003"));
        _raw = Path.Combine(_dir, "003_0123456789abcdef.txt");
        File.WriteAllText(_raw, _page);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string KnowledgeDir => Path.Combine(_dir, "knowledge");

    private ImportResult ImportPage(string page)
    {
        File.WriteAllText(_raw, page);
        return SourceImporter.ImportInto(KnowledgeDir, _raw, ImportOptions.Default);
    }

    private const string Second = "Second, even North Koreans crossing into China for reasons of economic";
    private const string Fifth = "Other UN bodies have also called on China to cease deportations";
    private const string Seventh = "China, however, can not be taken to an international court on this.";

    private static string LineStartingWith(string page, string start) =>
        page.Split('\n').Single(l => l.StartsWith(start, StringComparison.Ordinal));

    /// <summary>Paragraph 3 gets one word changed, paragraph 5 is deleted, paragraph 7 is rewritten.</summary>
    private string EditedPage() => _page
        .Replace("Second, even North Koreans crossing into China for reasons of economic hardship may be refugees",
                 "Second, even North Koreans crossing into China for reasons of economic distress may be refugees", StringComparison.Ordinal)
        .Replace(LineStartingWith(_page, Fifth), "", StringComparison.Ordinal)
        .Replace(LineStartingWith(_page, Seventh), "A wholly new paragraph replaces the old one about international courts, written for this test so that it shares nothing with any other paragraph of the page.", StringComparison.Ordinal);

    [Fact]
    public void First_import_numbers_passages_from_p1_and_writes_the_file()
    {
        var first = ImportPage(_page);
        Assert.Equal(Path.Combine(KnowledgeDir, "003.md"), first.Path);
        Assert.Equal(Enumerable.Range(1, 10).Select(n => $"003#p{n}"), first.Source.Passages.Select(p => p.Id));
        Assert.Equal(11, first.Source.NextPassageNumber);
        Assert.Equal(KnowledgeFile.Write(first.Source), File.ReadAllText(first.Path!));
    }

    [Fact]
    public void Unchanged_paragraphs_keep_their_ids()
    {
        var before = ImportPage(_page).Source;
        var after = ImportPage(EditedPage()).Source;
        foreach (var n in new[] { 1, 2, 4, 6, 8, 9, 10 })
        {
            var old = before.Passages[n - 1];
            Assert.Equal(old.Id, Assert.Single(after.Passages, p => p.Text == old.Text).Id);
        }
    }

    [Fact]
    public void A_slightly_edited_paragraph_keeps_its_id()
    {
        ImportPage(_page);
        var after = ImportPage(EditedPage());
        var edited = Assert.Single(after.Source.Passages, p => p.Text.StartsWith(Second, StringComparison.Ordinal));
        Assert.Contains("economic distress", edited.Text);
        Assert.Equal("003#p3", edited.Id);
        Assert.Equal(["p3"], after.Report.Ids!.KeptEdited.ToArray());
    }

    [Fact]
    public void A_new_paragraph_gets_a_fresh_id_from_the_next_passage_number()
    {
        ImportPage(_page);
        var after = ImportPage(EditedPage());
        var fresh = Assert.Single(after.Source.Passages, p => p.Text.StartsWith("A wholly new paragraph", StringComparison.Ordinal));
        Assert.Equal("003#p11", fresh.Id);
        Assert.Equal(12, after.Source.NextPassageNumber);
        Assert.Equal(["p11"], after.Report.Ids!.Added.ToArray());
    }

    [Fact]
    public void Ids_of_deleted_and_rewritten_paragraphs_are_gone_and_reported()
    {
        ImportPage(_page);
        var after = ImportPage(EditedPage());
        Assert.DoesNotContain(after.Source.Passages, p => p.Id is "003#p5" or "003#p7");
        Assert.Equal(["p5", "p7"], after.Report.Ids!.Removed.ToArray());
    }

    [Fact]
    public void A_deleted_paragraph_that_comes_back_later_gets_a_fresh_id_not_its_old_one()
    {
        ImportPage(_page);
        ImportPage(EditedPage());
        var restored = ImportPage(_page).Source;
        var fifth = Assert.Single(restored.Passages, p => p.Text.StartsWith(Fifth, StringComparison.Ordinal));
        Assert.NotEqual("003#p5", fifth.Id);
        Assert.True(Passage(fifth) >= 12, fifth.Id);
    }

    [Fact]
    public void A_hidden_passage_that_is_still_on_the_page_stays_hidden()
    {
        var first = ImportPage(_page);
        var hidden = first.Source with { Passages = [.. first.Source.Passages.Select(p => p.Id == "003#p2" ? p with { Hidden = true } : p)] };
        KnowledgeDirectory.Save(KnowledgeDir, hidden);
        var again = ImportPage(_page).Source;
        Assert.True(Assert.Single(again.Passages, p => p.Id == "003#p2").Hidden);
    }

    [Fact]
    public void Dry_run_reports_the_id_changes_but_writes_nothing()
    {
        var first = ImportPage(_page);
        var before = File.ReadAllText(first.Path!);
        File.WriteAllText(_raw, EditedPage());
        var dry = SourceImporter.ImportInto(KnowledgeDir, _raw, new ImportOptions(DryRun: true));
        Assert.Null(dry.Path);
        Assert.Equal(["p11"], dry.Report.Ids!.Added.ToArray());
        Assert.Equal(before, File.ReadAllText(first.Path!));
    }

    [Fact]
    public void Re_import_report_lists_kept_new_and_removed_ids()
    {
        ImportPage(_page);
        var text = ImportPage(EditedPage()).Report.Format();
        Assert.Contains("ids: 7 kept, 1 kept with edited text (p3), 1 new (p11), 2 removed (p5, p7)", text);
    }

    private static int Passage(Passage p) => int.Parse(p.LocalId[1..], System.Globalization.CultureInfo.InvariantCulture);
}
