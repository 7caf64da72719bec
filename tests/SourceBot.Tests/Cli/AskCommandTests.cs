using System.Text.Json;

namespace SourceBot.Tests.Cli;

public sealed class AskCommandTests(CliRunner cli) : IClassFixture<CliRunner>
{
    private static readonly string[] Fields =
        ["question", "answered", "quote", "footnotes", "citation", "source_id", "passage_id", "passage_text", "score", "alternatives", "reason"];

    [Fact]
    public async Task Ask_json_prints_one_object_with_every_documented_field()
    {
        var result = await cli.RunAsync(["ask", "--json", "When did China accede to the 1951 Refugee Convention?"]);

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Output);
        var root = doc.RootElement;
        foreach (var f in Fields) Assert.True(root.TryGetProperty(f, out _), $"missing field {f}");
        Assert.True(root.GetProperty("answered").GetBoolean());
        Assert.Contains("In 1982, China acceded", root.GetProperty("quote").GetString());
        var footnote = root.GetProperty("footnotes")[0];
        Assert.Equal(JsonValueKind.Number, footnote.GetProperty("number").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(footnote.GetProperty("text").GetString()));
        var alternative = root.GetProperty("alternatives")[0];
        Assert.Equal(JsonValueKind.String, alternative.GetProperty("passage_id").ValueKind);
        Assert.Equal(JsonValueKind.String, alternative.GetProperty("quote").ValueKind);
        Assert.Equal(JsonValueKind.Number, alternative.GetProperty("score").ValueKind);
    }

    [Fact]
    public async Task Ask_json_without_a_question_reads_one_question_per_line_from_stdin()
    {
        var result = await cli.RunAsync(["ask", "--json"], stdin: "When did China accede to the 1951 Refugee Convention?\n\nRecommend a laptop\n");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        var answered = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("answered").GetBoolean()).ToList();
        Assert.Equal([true, false, false], answered);
    }

    [Fact]
    public async Task Ask_as_text_shows_quote_footnotes_and_citation()
    {
        var result = await cli.RunAsync(["ask", "When did China accede to the 1951 Refugee Convention?"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("In 1982, China acceded", result.Output);
        Assert.Matches(@"\n  \[\d+\] \S", result.Output);
        Assert.Contains("— ", result.Output);
    }

    [Fact]
    public async Task Ask_without_a_question_explains_how_to_ask_and_exits_2()
    {
        var result = await cli.RunAsync(["ask"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Give a question", result.Errors);
    }

    [Fact]
    public async Task Missing_knowledge_folder_is_one_clear_error_not_a_stack_trace()
    {
        var result = await cli.RunAsync(["ask", "anything"], environment: new Dictionary<string, string> { ["SourceBot__Engine__KnowledgePath"] = "/nonexistent/knowledge" });

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("does not exist", result.Errors);
        Assert.DoesNotContain("   at ", result.Errors);
    }
}
