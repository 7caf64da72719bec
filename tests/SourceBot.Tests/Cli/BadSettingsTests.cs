namespace SourceBot.Tests.Cli;

/// <summary>A setting a user can get wrong is one line naming it and exit code 3, for every verb that reads settings.</summary>
public sealed class BadSettingsTests(CliRunner cli) : IClassFixture<CliRunner>
{
    [Fact]
    public async Task A_setting_of_the_wrong_type_is_one_configuration_error_line_naming_it()
    {
        var result = await cli.RunAsync(["ask", "anything"], environment: new Dictionary<string, string> { ["SourceBot__Engine__Seed"] = "abc" });

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("Configuration error:", result.Errors);
        Assert.Contains("SourceBot:Engine:Seed", result.Errors);
        Assert.DoesNotContain("   at ", result.Errors);
    }

    [Fact]
    public async Task Run_with_a_bad_discord_setting_is_one_configuration_error_line_without_a_logged_stack_trace()
    {
        var result = await cli.RunAsync(["run"], environment: new Dictionary<string, string>
        {
            ["SOURCEBOT__DISCORD__TOKEN"] = "MTA4NzY1NDMyMTA5ODc2NTQzMg.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB",
            ["SOURCEBOT__DISCORD__RATELIMIT__WINDOW"] = "abc",
        });

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("Configuration error:", result.Errors);
        Assert.Contains("Window", result.Errors);
        Assert.DoesNotContain("   at ", result.Errors);
    }

    [Fact]
    public async Task Run_with_an_operations_address_that_is_not_http_is_one_configuration_error_line_naming_it()
    {
        var result = await cli.RunAsync(["run"], environment: new Dictionary<string, string>
        {
            ["SOURCEBOT__DISCORD__TOKEN"] = "MTA4NzY1NDMyMTA5ODc2NTQzMg.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB",
            ["SOURCEBOT__OPERATIONS__URLS"] = "https://127.0.0.1:9464",
        });

        Assert.Equal(3, result.ExitCode);
        var line = Assert.Single(result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Configuration error: SourceBot:Operations:Urls: 'https://127.0.0.1:9464'", line);
    }
}
