using System.Text.Json;
using SourceBot.Tests.Shared;

namespace SourceBot.Tests.Cli;

/// <summary>
/// Libraries at the command line: `kb library create`, then `import`, `kb` and `ask` with `--library` act on that library and
/// leave the bundled knowledge folder alone.
/// </summary>
public sealed class LibraryCommandTests(CliRunner cli) : IClassFixture<CliRunner>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sourcebot-cli-lib-").FullName;

    private const string MossPage = """
        The Secret Life of Moss

        By Ivy Green

        Published 2022-04-04

        Mosses have no roots; they take water and nutrients in through their leaves, which are often a single cell thick.

        Many mosses can dry out completely and revive within hours of rain, a trick that lets them live on bare rock and rooftops.
        """;

    private string Knowledge => Path.Combine(_root, "knowledge");

    private Dictionary<string, string> Env => new()
    {
        ["SourceBot__Engine__KnowledgePath"] = Knowledge,
        ["SourceBot__Engine__MaxTrainingQuestions"] = "400",
        ["SourceBot__Moderation__VersionsPath"] = Path.Combine(_root, "versions"),
        ["SourceBot__Moderation__QuestionLogPath"] = Path.Combine(_root, "questions.db"),
        ["SourceBot__Libraries__Path"] = Path.Combine(_root, "libraries"),
        ["SourceBot__Discord__FeedbackDatabasePath"] = Path.Combine(_root, "feedback.db"),
    };

    private Task<CliRunner.Result> Run(params string[] args) => cli.RunAsync(args, environment: Env);

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task An_import_into_a_created_library_is_in_its_draft_and_history_answers_after_its_publish_and_leaves_the_bundled_folder_alone()
    {
        Directory.CreateDirectory(Knowledge);
        File.WriteAllText(Path.Combine(Knowledge, "volcanoes.md"), SampleSources.Volcanoes);
        var moss = Path.Combine(_root, "moss.txt");
        File.WriteAllText(moss, MossPage);

        var create = await Run("kb", "library", "create", "botany", "--copy", "--by", "alice");
        var import = await Run("import", moss, "--library", "botany");
        var beforePublish = await Run("ask", "--library", "botany", "--json", "Can mosses dry out completely and revive after rain?");
        var publish = await Run("kb", "publish", "--library", "botany", "--by", "alice");
        var history = await Run("kb", "history", "--library", "botany");
        var ask = await Run("ask", "--library", "botany", "--json", "Can mosses dry out completely and revive after rain?");
        var list = await Run("kb", "library", "list");

        Assert.True(create.ExitCode == 0, create.Errors);
        Assert.True(import.ExitCode == 0, import.Errors);
        Assert.Contains("in library 'botany'", import.Output);
        Assert.Equal(["volcanoes.md"], Directory.GetFiles(Knowledge).Select(Path.GetFileName));
        Assert.NotEqual("the-secret-life-of-moss", JsonDocument.Parse(beforePublish.Output).RootElement.GetProperty("source_id").GetString());
        Assert.True(publish.ExitCode == 0, publish.Errors);
        Assert.Contains("added source", history.Output);
        Assert.True(ask.ExitCode == 0, ask.Errors);
        Assert.True(JsonDocument.Parse(ask.Output).RootElement.GetProperty("source_id").GetString() == "the-secret-life-of-moss", ask.Output);
        Assert.Contains("botany", list.Output);
    }

    [Fact]
    public async Task Asking_a_library_that_does_not_exist_says_so_in_one_line()
    {
        Directory.CreateDirectory(Knowledge);
        File.WriteAllText(Path.Combine(Knowledge, "volcanoes.md"), SampleSources.Volcanoes);

        var ask = await Run("ask", "--library", "nowhere", "What is magma?");

        Assert.Equal(3, ask.ExitCode);
        Assert.Contains("There is no library 'nowhere'", ask.Errors);
        Assert.DoesNotContain("   at ", ask.Errors);
    }
}
