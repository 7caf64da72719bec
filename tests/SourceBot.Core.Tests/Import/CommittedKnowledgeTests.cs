using SourceBot.Core.Import;
using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Tests.Import;

/// <summary>The committed knowledge/*.md seed files are valid and reproducible: a fresh import of the seeds writes them exactly.</summary>
public sealed class CommittedKnowledgeTests
{
    public static TheoryData<string> SeedIds => [.. Seeds.Ids];

    private static string CommittedPath(string id)
    {
        var path = Path.Combine(Seeds.KnowledgeFolder, id + KnowledgeFile.Extension);
        Assert.True(File.Exists(path), $"knowledge/{id}.md is missing; import seed {id} into knowledge/.");
        return path;
    }

    [Theory]
    [MemberData(nameof(SeedIds))]
    public void Committed_file_parses(string id)
    {
        var source = KnowledgeFile.Read(CommittedPath(id));
        Assert.Equal(id, source.Id);
        Assert.NotEmpty(source.Passages);
    }

    [Theory]
    [MemberData(nameof(SeedIds))]
    public void Committed_file_equals_a_fresh_import_of_the_seed(string id)
    {
        var fresh = KnowledgeFile.Write(Seeds.Import(id).Source);
        var committed = File.ReadAllText(CommittedPath(id)).ReplaceLineEndings("\n");
        Assert.True(fresh == committed,
            $"knowledge/{id}.md differs from a fresh import of the seed with its overrides (see Seeds.OptionsFor). " +
            "Re-import the seed, or if the file was edited by hand on purpose, this test's expectation needs updating.");
    }

    [Fact]
    public void Committed_seed_files_load_together_as_one_knowledge_base()
    {
        var kb = KnowledgeDirectory.Load(Seeds.KnowledgeFolder);
        foreach (var id in Seeds.Ids) Assert.NotNull(kb.FindSource(id));
    }
}
