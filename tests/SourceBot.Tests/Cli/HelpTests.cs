namespace SourceBot.Tests.Cli;

public sealed class HelpTests(CliRunner cli) : IClassFixture<CliRunner>
{
    [Theory]
    [InlineData("ask")]
    [InlineData("chat")]
    [InlineData("eval")]
    [InlineData("bench")]
    [InlineData("import")]
    [InlineData("build")]
    public async Task Every_verb_has_help(string verb)
    {
        var result = await cli.RunAsync([verb, "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Output);
        Assert.Contains(verb, result.Output);
    }

    [Fact]
    public async Task No_verb_starts_the_local_chat()
    {
        var result = await cli.RunAsync([], stdin: "\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Ask a question; an empty line quits", result.Output);
    }

    [Fact]
    public async Task Unknown_verb_is_an_error_with_usage()
    {
        var result = await cli.RunAsync(["frobnicate"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("frobnicate", result.Errors);
    }

    [Fact]
    public async Task Import_of_an_empty_file_fails_clearly_and_writes_nothing()
    {
        var empty = Path.GetTempFileName();
        var knowledge = Directory.CreateTempSubdirectory("sourcebot-kb-").FullName;
        try
        {
            var result = await cli.RunAsync(["import", empty], environment: new Dictionary<string, string> { ["SourceBot__Engine__KnowledgePath"] = knowledge });

            Assert.Equal(3, result.ExitCode);
            Assert.StartsWith("Import failed:", result.Errors.Trim());
            Assert.Empty(Directory.GetFiles(knowledge));
        }
        finally
        {
            File.Delete(empty);
            Directory.Delete(knowledge, recursive: true);
        }
    }
}
