using System.Text.Json;
using SourceBot.Tests.Shared;

namespace SourceBot.Tests.Cli;

/// <summary>
/// The moderators' walk-through at the command line, as the README's "For moderators" section tells it: add a source from a
/// text file, see it answered after publish, teach a correction, preview it, publish it, roll back, and find every step in
/// `kb history`. Runs on a small knowledge folder in a temporary directory.
/// </summary>
public sealed class ModerationCommandTests(CliRunner cli) : IClassFixture<CliRunner>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sourcebot-cli-kb-").FullName;

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
    };

    private void WriteKnowledge()
    {
        Directory.CreateDirectory(Knowledge);
        File.WriteAllText(Path.Combine(Knowledge, "lighthouses.md"), SampleSources.Lighthouses);
        File.WriteAllText(Path.Combine(Knowledge, "volcanoes.md"), SampleSources.Volcanoes);
    }

    private Task<CliRunner.Result> Run(params string[] args) => cli.RunAsync(args, environment: Env);

    private async Task<JsonElement> AskJson(string question)
    {
        var r = await Run("ask", "--json", question);
        Assert.Equal(0, r.ExitCode);
        return JsonDocument.Parse(r.Output).RootElement.Clone();
    }

    [Fact]
    public async Task Add_publish_teach_preview_publish_rollback_and_history_at_the_command_line()
    {
        WriteKnowledge();
        var moss = Path.Combine(_root, "moss.txt");
        File.WriteAllText(moss, MossPage);
        const string question = "Can mosses dry out completely and revive after rain?";

        var add = await Run("kb", "add", moss, "--by", "alice", "--why", "botany request");
        Assert.True(add.ExitCode == 0, add.Errors);
        Assert.Contains("added source the-secret-life-of-moss", add.Output);
        Assert.Contains("not live until `kb publish`", add.Output);
        Assert.NotEqual("the-secret-life-of-moss", (await AskJson(question)).GetProperty("source_id").GetString());

        var publish = await Run("kb", "publish", "--by", "alice", "--why", "moss source");
        Assert.True(publish.ExitCode == 0, publish.Errors);
        Assert.Contains("Published v2: added source the-secret-life-of-moss (2 passages)", publish.Output);
        var answered = await AskJson(question);
        Assert.True(answered.GetProperty("answered").GetBoolean());
        Assert.Equal("the-secret-life-of-moss", answered.GetProperty("source_id").GetString());

        var correction = answered.GetProperty("passage_id").GetString() == "the-secret-life-of-moss#p2" ? "the-secret-life-of-moss#p1" : "the-secret-life-of-moss#p2";
        var teach = await Run("kb", "teach", question, correction, "--by", "bob", "--why", "reader 👎");
        Assert.True(teach.ExitCode == 0, teach.Errors);
        Assert.Contains($"taught t1 \"{question}\" -> {correction}", teach.Output);

        var preview = await Run("kb", "preview");
        Assert.True(preview.ExitCode == 0, preview.Errors);
        Assert.Contains("1 answers change", preview.Output);
        Assert.Contains($"[taught] {question}", preview.Output);
        Assert.Contains($"draft:     {correction}", preview.Output);

        Assert.Equal(0, (await Run("kb", "publish", "--by", "bob")).ExitCode);
        Assert.Equal(correction, (await AskJson(question)).GetProperty("passage_id").GetString());

        var rollback = await Run("kb", "rollback", "2", "--by", "alice", "--why", "undo the teach");
        Assert.True(rollback.ExitCode == 0, rollback.Errors);
        Assert.Contains("Rolled back: v4 is live, with the knowledge of v2", rollback.Output);
        Assert.Equal(answered.GetProperty("passage_id").GetString(), (await AskJson(question)).GetProperty("passage_id").GetString());
        Assert.False(File.Exists(Path.Combine(Knowledge, "taught.jsonl")));

        var history = await Run("kb", "history");
        Assert.Equal(0, history.ExitCode);
        var lines = history.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Collection(lines,
            l => Assert.Contains("publish    draft -> v1: baseline", l),
            l => Assert.Matches(@"alice\s+add-source the-secret-life-of-moss: .*why: botany request", l),
            l => Assert.Matches(@"alice\s+publish    draft -> v2: .*why: moss source", l),
            l => Assert.Matches(@"bob\s+teach      t1: .*why: reader 👎", l),
            l => Assert.Matches(@"bob\s+publish    draft -> v3: taught t1", l),
            l => Assert.Matches(@"alice\s+rollback   v2 -> v4: rolled back to v2.*why: undo the teach", l),
            l => Assert.Equal("Live: v4.", l));

        Assert.False((await AskJson("Who won the 1998 football World Cup?")).GetProperty("answered").GetBoolean());
        var gaps = await Run("kb", "gaps");
        Assert.Equal(0, gaps.ExitCode);
        Assert.Contains("1x  Who won the 1998 football World Cup?  (1 no answer;", gaps.Output);
    }

    [Fact]
    public async Task Bad_moderation_input_is_one_clear_line_and_a_non_zero_exit()
    {
        WriteKnowledge();
        var empty = Path.Combine(_root, "empty.txt");
        File.WriteAllText(empty, "");
        var before = File.ReadAllText(Path.Combine(Knowledge, "volcanoes.md"));

        var emptyEdit = await Run("kb", "edit", "volcanoes#p1", "--text", "  ");
        var emptyFile = await Run("kb", "add", empty);
        var gone = await Run("kb", "teach", "What is magma?", "volcanoes#p9");
        var both = await Run("kb", "teach", "What is magma?", "volcanoes#p1", "--not-covered");
        var version = await Run("kb", "rollback", "latest");
        var noVersion = await Run("kb", "rollback", "7");

        Assert.Equal((3, 3, 3, 2, 2, 3), (emptyEdit.ExitCode, emptyFile.ExitCode, gone.ExitCode, both.ExitCode, version.ExitCode, noVersion.ExitCode));
        Assert.StartsWith("Refused: the new text of volcanoes#p1 is empty", emptyEdit.Errors);
        Assert.Contains("is empty; nothing was added", emptyFile.Errors);
        Assert.Contains("volcanoes#p9 does not exist", gone.Errors);
        Assert.Contains("either a passage id or --not-covered", both.Errors);
        Assert.Contains("not a version number", version.Errors);
        Assert.Contains("Nothing to roll back to", noVersion.Errors);
        foreach (var r in new[] { emptyEdit, emptyFile, gone, both, version, noVersion }) Assert.DoesNotContain("   at ", r.Errors);
        Assert.Equal(before, File.ReadAllText(Path.Combine(Knowledge, "volcanoes.md")));
    }

    [Fact]
    public async Task Adding_a_file_that_does_not_exist_is_a_usage_error_like_import()
    {
        WriteKnowledge();
        var missing = Path.Combine(_root, "missing.txt");

        var add = await Run("kb", "add", missing);
        var import = await Run("import", missing);

        Assert.Equal((2, 2), (add.ExitCode, import.ExitCode));
        Assert.StartsWith("No such file: " + missing, add.Errors);
        Assert.StartsWith("No such file: " + missing, import.Errors);
    }

    [Fact]
    public async Task Gaps_refuses_a_negative_number_of_days()
    {
        WriteKnowledge();

        var result = await Run("kb", "gaps", "--days", "-3");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("--days -3: give a number of days, or 0 for all.", result.Errors);
    }

    [Fact]
    public async Task Import_into_a_knowledge_folder_with_a_published_version_says_the_file_waits_for_kb_publish()
    {
        WriteKnowledge();
        Assert.Equal(0, (await Run("kb", "publish", "--by", "alice")).ExitCode);
        var page = Path.Combine(_root, "moss.txt");
        File.WriteAllText(page, MossPage);

        var result = await Run("import", page, "--id", "moss");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("into the draft", result.Output);
        Assert.Contains("v1 stays live until `kb publish`", result.Output);
        Assert.True(File.Exists(Path.Combine(Knowledge, "moss.md")));
    }

    [Theory]
    [InlineData("add")]
    [InlineData("edit")]
    [InlineData("hide")]
    [InlineData("unhide")]
    [InlineData("meta")]
    [InlineData("teach")]
    [InlineData("untaught")]
    [InlineData("taught")]
    [InlineData("candidates")]
    [InlineData("status")]
    [InlineData("preview")]
    [InlineData("publish")]
    [InlineData("rollback")]
    [InlineData("history")]
    [InlineData("gaps")]
    public async Task Every_kb_verb_has_help(string verb)
    {
        var result = await cli.RunAsync(["kb", verb, "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Output);
        Assert.Contains("kb " + verb, result.Output);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
