using SourceBot.Core.Moderation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Moq;
using SourceBot.Core.Engine;
using SourceBot.Core.Feedback;
using SourceBot.Core.QuestionLog;
using SourceBot.Discord.Bot;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Gateway;
using SourceBot.Discord.Moderation;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests;

public sealed class ConfigurationTests
{
    private static IConfiguration Config(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    [Fact]
    public void A_missing_token_throws_a_one_line_message_that_says_where_to_set_it_and_how_to_try_without_discord()
    {
        var error = Assert.Throws<DiscordConfigurationException>(() => DiscordToken.Validate(null));
        Assert.Equal(
            "Discord token missing or malformed (missing): set SourceBot:Discord:Token in appsettings.json, the SOURCEBOT__DISCORD__TOKEN environment variable or user secrets. To try SourceBot locally without Discord, run: dotnet run --project src/SourceBot -- chat",
            error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("Bot " + TestData.Token, "Bot ")]
    [InlineData("not-a-token", "three dot-separated parts")]
    [InlineData(TestData.Token + " x", "spaces")]
    public void A_malformed_token_is_rejected_with_the_reason_and_without_echoing_it(string token, string reason)
    {
        var error = Assert.Throws<DiscordConfigurationException>(() => DiscordToken.Validate(token));
        Assert.Contains(reason, error.Message);
        Assert.DoesNotContain(TestData.Token, error.Message);
        Assert.StartsWith("Discord token missing or malformed", error.Message);
    }

    [Fact]
    public void A_well_formed_token_passes()
    {
        DiscordToken.Validate(TestData.Token);
        Assert.Null(DiscordToken.Problem(TestData.Token));
    }

    [Fact]
    public void AddSourceBotDiscord_throws_the_configuration_exception_when_the_token_is_missing()
    {
        var services = new ServiceCollection();
        var error = Assert.Throws<DiscordConfigurationException>(() => services.AddFeedbackStoreAsTheHostDoes().AddSourceBotDiscord(Config(new())));
        Assert.Contains("SOURCEBOT__DISCORD__TOKEN", error.Message);
    }

    [Fact]
    public void AddSourceBotDiscord_binds_the_SourceBot_Discord_section_and_registers_client_bot_and_feedback_store()
    {
        var dbPath = Path.Combine(Path.GetTempPath(), "sb-cfg-" + Guid.NewGuid().ToString("N"), "feedback.db");
        var config = Config(new()
        {
            ["SourceBot:Discord:Token"] = TestData.Token,
            ["SourceBot:Discord:GuildId"] = "123",
            ["SourceBot:Discord:AllowedChannelIds:0"] = "111",
            ["SourceBot:Discord:AllowedChannelIds:1"] = "222",
            ["SourceBot:Discord:AnswerMentions"] = "false",
            ["SourceBot:Discord:EphemeralByDefault"] = "true",
            ["SourceBot:Discord:RateLimit:QuestionsPerUser"] = "3",
            ["SourceBot:Discord:RateLimit:Window"] = "00:02:00",
            ["SourceBot:Discord:FeedbackDatabasePath"] = dbPath,
        });
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(new Mock<IAnswerService>().Object);
        services.AddFeedbackStoreAsTheHostDoes().AddSourceBotDiscord(config);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<DiscordOptions>>().Value;
        Assert.Equal("123", options.GuildId);
        Assert.Equal(["111", "222"], options.AllowedChannelIds);
        Assert.False(options.AnswerMentions);
        Assert.True(options.EphemeralByDefault);
        Assert.Equal(3, options.RateLimit.QuestionsPerUser);
        Assert.Equal(TimeSpan.FromMinutes(2), options.RateLimit.Window);
        Assert.IsType<DiscordRestClient>(provider.GetRequiredService<IDiscordRestClient>());
        var gateway = Assert.IsType<DiscordGatewayClient>(provider.GetRequiredService<IDiscordGatewayClient>());
        Assert.Equal(GatewayIntents.Guilds | GatewayIntents.GuildMessages | GatewayIntents.DirectMessages, gateway.Intents);
        var store = Assert.IsType<SqliteFeedbackStore>(provider.GetRequiredService<IFeedbackStore>());
        Assert.Equal(Path.GetFullPath(dbPath), store.DatabasePath);
        Assert.Contains(provider.GetServices<IHostedService>(), s => s is SourceBotDiscordService);
    }

    [Fact]
    public void Invalid_settings_fail_validation_with_messages_naming_the_keys()
    {
        var result = new DiscordOptionsValidator().Validate(null, TestData.Options(o =>
        {
            o.ApiBaseUrl = "not a url";
            o.GuildId = "abc";
            o.AllowedChannelIds = ["#general"];
            o.RateLimit.QuestionsPerUser = 0;
            o.GatewayUrlOverride = "http://x";
        }));
        Assert.True(result.Failed);
        var text = string.Join("\n", result.Failures!);
        Assert.Contains("SourceBot:Discord:ApiBaseUrl", text);
        Assert.Contains("SourceBot:Discord:GuildId", text);
        Assert.Contains("SourceBot:Discord:AllowedChannelIds", text);
        Assert.Contains("SourceBot:Discord:RateLimit:QuestionsPerUser", text);
        Assert.Contains("SourceBot:Discord:GatewayUrlOverride", text);
    }

    [Fact]
    public void The_moderator_settings_of_appsettings_example_bind_and_bad_ones_fail_validation()
    {
        var root = RepositoryFiles.Root;
        var example = new ConfigurationBuilder().AddJsonFile(Path.Combine(root, "appsettings.example.json")).Build();
        var bound = new DiscordOptions();
        example.GetSection(DiscordOptions.SectionName).Bind(bound);
        Assert.Empty(bound.ModeratorRoleIds);
        Assert.True(bound.AdministratorsAreModerators);
        Assert.Equal(1_000_000, bound.MaxAttachmentBytes);

        var result = new DiscordOptionsValidator().Validate(null, TestData.Options(o =>
        {
            o.ModeratorRoleIds = ["@moderators"];
            o.MaxAttachmentBytes = 0;
        }));
        var text = string.Join("\n", result.Failures!);
        Assert.Contains("SourceBot:Discord:ModeratorRoleIds has \"@moderators\"", text);
        Assert.Contains("SourceBot:Discord:MaxAttachmentBytes", text);
        Assert.True(new DiscordOptionsValidator().Validate(null, TestData.Options(o => o.ModeratorRoleIds = ["1234567890"])).Succeeded);
    }

    [Fact]
    public void Moderation_and_question_logging_are_on_only_when_the_host_provides_their_services()
    {
        var config = Config(new() { ["SourceBot:Discord:Token"] = TestData.Token, ["SourceBot:Discord:FeedbackDatabasePath"] = Path.Combine(Path.GetTempPath(), "sb-x", "f.db") });
        var bare = new ServiceCollection().AddLogging();
        bare.AddSingleton(new Mock<IAnswerService>().Object);
        bare.AddFeedbackStoreAsTheHostDoes().AddSourceBotDiscord(config);
        using (var provider = bare.BuildServiceProvider())
        {
            Assert.False(provider.GetRequiredService<ModerationHandler>().Available);
            Assert.False(provider.GetRequiredService<QuestionRecorder>().Enabled);
            Assert.Null(provider.GetService<IKnowledgeModeration>());
        }

        var full = new ServiceCollection().AddLogging();
        full.AddSingleton(new Mock<IAnswerService>().Object);
        full.AddSingleton(new Mock<IKnowledgeModeration>().Object);
        full.AddSingleton(new Mock<IQuestionLog>().Object);
        full.AddFeedbackStoreAsTheHostDoes().AddSourceBotDiscord(config);
        using (var provider = full.BuildServiceProvider())
        {
            Assert.True(provider.GetRequiredService<ModerationHandler>().Available);
            Assert.True(provider.GetRequiredService<QuestionRecorder>().Enabled);
        }
    }

    [Fact]
    public void Press_limits_below_one_fail_validation_naming_the_key()
    {
        var result = new DiscordOptionsValidator().Validate(null, TestData.Options(o =>
        {
            o.RateLimit.ButtonPressesPerUser = 0;
            o.RateLimit.KbCommandsPerUser = 0;
            o.RateLimit.PressesAllUsers = -1;
        }));
        var text = string.Join("\n", result.Failures ?? []);
        Assert.Contains("SourceBot:Discord:RateLimit:ButtonPressesPerUser must be at least 1", text);
        Assert.Contains("SourceBot:Discord:RateLimit:KbCommandsPerUser must be at least 1", text);
        Assert.Contains("SourceBot:Discord:RateLimit:PressesAllUsers must be at least 1", text);
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("8.00:00:00")]
    public void A_forbidden_channel_pause_out_of_range_fails_validation(string pause)
    {
        var result = new DiscordOptionsValidator().Validate(null, TestData.Options(o => o.ForbiddenChannelPause = TimeSpan.Parse(pause, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("SourceBot:Discord:ForbiddenChannelPause", string.Join("\n", result.Failures ?? []));
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new DiscordOptionsValidator().Validate(null, TestData.Options()).Succeeded);
    }

    [Fact]
    public async Task Validation_runs_when_the_host_starts()
    {
        var config = Config(new() { ["SourceBot:Discord:Token"] = TestData.Token, ["SourceBot:Discord:ApiBaseUrl"] = "ftp://nope" });
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new Mock<IAnswerService>().Object);
        builder.Services.AddFeedbackStoreAsTheHostDoes().AddSourceBotDiscord(config);
        using var host = builder.Build();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("ApiBaseUrl", error.Message);
    }

    [Fact]
    public void Redaction_masks_secrets_in_text()
    {
        Assert.Equal("token [redacted] leaked", Secrets.Redact("token " + TestData.Token + " leaked", TestData.Token));
    }

    [Fact]
    public void A_relative_feedback_database_path_is_resolved_under_the_given_root()
    {
        var root = Path.Combine(Path.GetTempPath(), "sb-root");
        var options = new DiscordOptions { FeedbackDatabasePath = Path.Combine("data", "feedback.db") };
        options.ResolvePaths(root);
        Assert.Equal(Path.GetFullPath(Path.Combine(root, "data", "feedback.db")), options.FeedbackDatabasePath);
    }

    [Fact]
    public void An_absolute_feedback_database_path_is_kept_as_it_is()
    {
        var absolute = Path.Combine(Path.GetTempPath(), "elsewhere", "fb.db");
        var options = new DiscordOptions { FeedbackDatabasePath = absolute };
        options.ResolvePaths(Path.Combine(Path.GetTempPath(), "sb-root"));
        Assert.Equal(absolute, options.FeedbackDatabasePath);
    }

    [Fact]
    public void An_empty_feedback_database_path_is_left_for_validation_to_refuse()
    {
        var options = new DiscordOptions { Token = TestData.Token, FeedbackDatabasePath = "" };
        options.ResolvePaths(Path.Combine(Path.GetTempPath(), "sb-root"));
        Assert.Contains("FeedbackDatabasePath must not be empty", string.Join(" ", new DiscordOptionsValidator().Validate(null, options).Failures ?? []));
    }
}
