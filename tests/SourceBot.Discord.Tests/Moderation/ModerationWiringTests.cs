using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SourceBot.Core.Engine;
using SourceBot.Core.Feedback;
using SourceBot.Core.Moderation;
using SourceBot.Core.QuestionLog;
using SourceBot.Discord.Bot;
using SourceBot.Discord.Client;
using SourceBot.Discord.Interactions;
using SourceBot.Discord.Moderation;
using SourceBot.Discord.Tests.Support;
using SourceBot.Tests.Shared;

namespace SourceBot.Discord.Tests.Moderation;

/// <summary>
/// The real Core behind the bot, wired as the `run` host wires it (one AnswerEngine as the IAnswerService and as the
/// KnowledgeService's live engine): an edit and a publish from Discord change what the running bot answers, and its questions
/// reach the question log that /kb gaps reads. Real training on a three-source knowledge folder.
/// </summary>
public sealed class ModerationWiringTests : IDisposable
{
    private const string HoneyQuestion = "How much honey can a colony store?";

    private readonly string _root = Directory.CreateTempSubdirectory("sb-discord-mod-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task An_edit_and_a_publish_from_discord_change_the_running_bots_answers_and_its_questions_reach_gaps()
    {
        var knowledge = Path.Combine(_root, "knowledge");
        SampleSources.WriteTo(knowledge);
        var engineOptions = new EngineOptions { KnowledgePath = knowledge, CachePath = Path.Combine(_root, "cache"), MaxTrainingQuestions = 400 };
        using var engines = TestEngines.Factory(engineOptions);
        var moderation = new ModerationOptions { VersionsPath = Path.Combine(_root, "versions"), QuestionLogPath = Path.Combine(_root, "questions.db") };

        var h = new BotHarness(); // for its recording REST mock
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(h.Rest.Object);
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(moderation));
        // One library without a hub (the Discord project also takes just an IAnswerService and an IKnowledgeModeration): one
        // engine on the knowledge folder (nothing is published yet), registered as the IAnswerService and given to the KnowledgeService.
        services.AddSingleton(_ => engines.Load());
        services.AddSingleton<IAnswerService>(sp => sp.GetRequiredService<AnswerEngine>());
        services.AddSingleton<IQuestionLog>(_ => new SqliteQuestionLog(moderation.QuestionLogPath));
        services.AddSingleton(sp => new KnowledgeService(engines, moderation, NullLogger<KnowledgeService>.Instance, TimeProvider.System,
            sp.GetRequiredService<IQuestionLog>(), sp.GetService<IFeedbackStore>(), sp.GetRequiredService<AnswerEngine>()));
        services.AddSingleton<IKnowledgeModeration>(sp => new LibraryModeration(sp.GetRequiredService<KnowledgeService>(), sp.GetRequiredService<AnswerEngine>()));
        services.AddFeedbackStoreAsTheHostDoes().AddSourceBotDiscord(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SourceBot:Discord:Token"] = TestData.Token,
            ["SourceBot:Discord:ApplicationId"] = "1000",
            ["SourceBot:Discord:ModeratorRoleIds:0"] = BotHarness.ModeratorRole,
            ["SourceBot:Discord:ModeratorGuildIds:0"] = BotHarness.Guild,
            ["SourceBot:Discord:FeedbackDatabasePath"] = Path.Combine(_root, "feedback.db"),
            ["SourceBot:Discord:RateLimit:SamePassageCooldown"] = "00:00:00", // the same question is asked again on purpose
        }).Build());
        await using var provider = services.BuildServiceProvider();
        var bot = provider.GetRequiredService<InteractionRouter>();
        Assert.IsType<LibraryModeration>(provider.GetRequiredService<IKnowledgeModeration>());

        string AnswerText(RestCall[] calls) => calls.Single(c => c.Kind == "edit").Json.GetProperty("embeds")[0].GetProperty("description").GetString()!;

        await bot.HandleAsync(BotHarness.Slash("ask", HoneyQuestion, userId: "u5"), default);
        Assert.Contains("twenty kilograms", AnswerText(h.Take()));

        await bot.HandleAsync(BotHarness.Kb("edit", new Dictionary<string, object> { ["passage"] = "bees#p3" }, BotHarness.ModeratorRoles), default);
        var modal = Assert.Single(h.Take()).Json.GetProperty("data");
        Assert.StartsWith("A strong colony can store more than twenty kilograms", modal.GetProperty("components")[0].GetProperty("component").GetProperty("value").GetString());

        await bot.HandleAsync(BotHarness.ModalSubmit(modal.GetProperty("custom_id").GetString()!,
            "A strong colony can store more than thirty kilograms of honey in a good summer.", inputId: "text", roles: BotHarness.ModeratorRoles), default);
        Assert.StartsWith("edited bees#p3", AnswerText(h.Take()));
        await bot.HandleAsync(BotHarness.Slash("ask", HoneyQuestion, userId: "u6"), default);
        Assert.Contains("twenty kilograms", AnswerText(h.Take())); // a draft is not live

        await bot.HandleAsync(BotHarness.Kb("publish", roles: BotHarness.ModeratorRoles), default);
        Assert.Equal("Published v2: bees#p3 edited.", AnswerText(h.Take()));
        await bot.HandleAsync(BotHarness.Slash("ask", HoneyQuestion, userId: "u7"), default);
        Assert.Contains("thirty kilograms", AnswerText(h.Take())); // the running bot answers from the new version

        await bot.HandleAsync(BotHarness.Slash("ask", "What is the capital of France?", userId: "u8"), default);
        h.Take();
        await bot.HandleAsync(BotHarness.Kb("gaps", roles: BotHarness.ModeratorRoles), default);
        var gaps = AnswerText(h.Take());
        Assert.Contains("What is the capital of France?", gaps);
        var logged = await provider.GetRequiredService<IQuestionLog>().RecentAsync(10);
        Assert.Equal(4, logged.Count);
        Assert.All(logged, l => Assert.Equal("discord", l.Channel));
        Assert.Equal(["u8", "u7", "u6", "u5"], logged.Select(l => l.UserId ?? "").ToArray());
    }
}
