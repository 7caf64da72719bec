using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using SourceBot.Core.Answers;
using SourceBot.Core.Engine;
using SourceBot.Core.Libraries;
using SourceBot.Core.Moderation;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Interactions;
using SourceBot.Discord.Libraries;
using SourceBot.Discord.Moderation;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Libraries;

/// <summary>
/// A library per server: answers come from the library of the server asked in, /kb changes the library of the server it is
/// used in, and /kb library creates, chooses and lists libraries for that server only.
/// </summary>
public sealed class LibraryPerServerTests
{
    private const string GuildA = BotHarness.Guild;
    private const string GuildB = "800";
    private static readonly string[] Mods = BotHarness.ModeratorRoles;
    private static readonly Actor Mod = new("discord:u1", "asker");

    private readonly Mock<ILibraries> _libraries = new(MockBehavior.Strict);
    private readonly Mock<ILibraryAnswers> _libraryAnswers = new(MockBehavior.Strict);

    private BotHarness Harness() =>
        new(o => o.ModeratorGuildIds = [GuildA, GuildB], _libraryAnswers.Object, _libraries.Object);

    private static Mock<IAnswerService> LibraryAnswering(string text)
    {
        var answers = new Mock<IAnswerService>();
        answers.Setup(a => a.AskAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string q, CancellationToken _) => TestData.Answered(question: q, quote: text));
        answers.Setup(a => a.Info).Returns(new EngineInfo("0.1.0", "hash-" + text, "model", 1, 1));
        return answers;
    }

    private static Dictionary<string, object> Opts(params (string Key, object Value)[] options) => options.ToDictionary(o => o.Key, o => o.Value);

    /// <summary>The private deferral and the edited result; returns the result's embed.</summary>
    private static JsonElement DeferredThenEdited(RestCall[] calls)
    {
        Assert.Equal(["callback", "edit"], calls.Select(c => c.Kind).ToArray());
        Assert.Equal(5, calls[0].Json.GetProperty("type").GetInt32());
        Assert.Equal(64, calls[0].Json.GetProperty("data").GetProperty("flags").GetInt32());
        return calls[1].Json.GetProperty("embeds")[0];
    }

    private static string AnswerText(RestCall[] calls) =>
        calls.Single(c => c.Kind == "edit").Json.GetProperty("embeds")[0].GetProperty("description").GetString()!;

    // ---- answers ----

    [Fact]
    public async Task Ask_answers_from_the_library_of_the_server_it_is_asked_in()
    {
        _libraryAnswers.Setup(l => l.ForServerAsync(GuildA, It.IsAny<CancellationToken>())).ReturnsAsync(LibraryAnswering("Quote of library A.").Object);
        _libraryAnswers.Setup(l => l.ForServerAsync(GuildB, It.IsAny<CancellationToken>())).ReturnsAsync(LibraryAnswering("Quote of library B.").Object);
        var h = Harness();

        await h.Interactions.HandleAsync(BotHarness.Slash("ask", "Which library?", guildId: GuildA, userId: "u5"), default);
        Assert.Contains("Quote of library A.", AnswerText(h.Take()));
        await h.Interactions.HandleAsync(BotHarness.Slash("ask", "Which library?", guildId: GuildB, channelId: "c2", userId: "u6"), default);
        var inB = AnswerText(h.Take());
        Assert.Contains("Quote of library B.", inB);
        Assert.DoesNotContain("Quote of library A.", inB);
    }

    [Fact]
    public async Task A_vote_is_kept_with_the_library_that_gave_the_answer_and_not_the_default_one()
    {
        var libraryB = new Mock<Core.Feedback.IFeedbackStore>();
        libraryB.Setup(f => f.RecordAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<Core.Feedback.FeedbackVote>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string q, string p, string u, Core.Feedback.FeedbackVote v, CancellationToken _) => new Core.Feedback.FeedbackEntry(q, p, u, v, DateTimeOffset.UnixEpoch));
        var feedback = new Mock<ILibraryFeedback>(MockBehavior.Strict);
        feedback.Setup(f => f.ForLibraryAsync("library-b", It.IsAny<CancellationToken>())).ReturnsAsync(libraryB.Object);
        var h = new BotHarness(o => o.ModeratorGuildIds = [GuildA, GuildB], libraryFeedback: feedback.Object);
        var key = await h.RememberAsync(TestData.Answered(question: "Why?"), guildId: GuildB, libraryId: "library-b");

        await h.Interactions.HandleAsync(BotHarness.Button($"sb:dn:{key}", guildId: GuildB, userId: "voter"), default);

        libraryB.Verify(f => f.RecordAsync("Why?", "001#p4", "voter", Core.Feedback.FeedbackVote.Down, It.IsAny<CancellationToken>()), Times.Once);
        h.Feedback.Verify(f => f.RecordAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<Core.Feedback.FeedbackVote>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_mention_answers_from_the_library_of_the_messages_server()
    {
        _libraryAnswers.Setup(l => l.ForServerAsync(GuildB, It.IsAny<CancellationToken>())).ReturnsAsync(LibraryAnswering("Quote of library B.").Object);
        var h = Harness();
        await h.Mentions.HandleAsync(BotHarness.Message("<@42> Which library?", guildId: GuildB), default);
        var reply = h.Take().Single(c => c.Kind == "message");
        Assert.Contains("Quote of library B.", reply.Json.GetProperty("embeds")[0].GetProperty("description").GetString());
    }

    [Fact]
    public async Task Sources_in_a_direct_message_come_from_the_default_library()
    {
        var defaults = new Mock<IAnswerService>();
        defaults.Setup(a => a.Sources).Returns([new SourceSummary("001", TestData.Cohen, 20, true)]);
        _libraryAnswers.Setup(l => l.ForServerAsync(null, It.IsAny<CancellationToken>())).ReturnsAsync(defaults.Object);
        var h = Harness();
        await h.Interactions.HandleAsync(BotHarness.Slash("sources", guildId: null), default);
        var reply = Assert.Single(h.Take());
        Assert.Contains("Legal Grounds for Protection of North Korean Refugees", reply.Json.GetRawText());
        _libraryAnswers.Verify(l => l.ForServerAsync(null, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Read_around_reads_the_passage_from_the_library_of_the_server_pressed_in()
    {
        var libraryB = new Mock<IAnswerService>();
        libraryB.Setup(a => a.GetPassage("b#p2")).Returns(TestData.Page("b#p2", text: "Passage two of library B."));
        _libraryAnswers.Setup(l => l.ForServerAsync(GuildB, It.IsAny<CancellationToken>())).ReturnsAsync(libraryB.Object);
        var h = Harness();
        await h.Interactions.HandleAsync(BotHarness.Button("sb:ra:b#p2", guildId: GuildB), default);
        Assert.Contains("Passage two of library B.", h.Take().Single(c => c.Kind == "edit").Json.GetRawText());
        libraryB.Verify(a => a.GetPassage("b#p2"), Times.Once);
    }

    // ---- moderation ----

    [Fact]
    public async Task Kb_hide_in_a_server_changes_that_servers_library_only()
    {
        var moderationA = new Mock<IKnowledgeModeration>(MockBehavior.Strict);
        var moderationB = new Mock<IKnowledgeModeration>(MockBehavior.Strict);
        moderationA.Setup(k => k.SetHiddenAsync(Mod, "001#p4", true, null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new KbResult(true, "hid 001#p4", Change(3)));
        _libraries.Setup(l => l.LibraryOfServerAsync(GuildA, It.IsAny<CancellationToken>())).ReturnsAsync("lib-a");
        _libraries.Setup(l => l.ModerationAsync("lib-a", It.IsAny<CancellationToken>())).ReturnsAsync(moderationA.Object);
        var h = Harness();

        await h.Interactions.HandleAsync(BotHarness.Kb("hide", Opts(("passage", "001#p4")), Mods, guildId: GuildA), default);

        Assert.Equal("Hidden", DeferredThenEdited(h.Take()).GetProperty("title").GetString());
        moderationA.Verify(k => k.SetHiddenAsync(Mod, "001#p4", true, null, It.IsAny<CancellationToken>()), Times.Once);
        moderationB.VerifyNoOtherCalls();
        _libraries.Verify(l => l.ModerationAsync(It.Is<string>(id => id != "lib-a"), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Kb_library_create_creates_the_library_for_the_server_it_is_used_in()
    {
        _libraries.Setup(l => l.CreateAsync(Mod, "biology-101", LibraryId.Default, GuildB, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new LibraryResult(LibraryOutcome.Created, "biology-101", "Created library 'biology-101'."));
        var h = Harness();

        await h.Interactions.HandleAsync(BotHarness.KbLibrary("create", Opts(("id", "biology-101"), ("copy", true)), Mods, guildId: GuildB), default);

        Assert.Equal("Library created", DeferredThenEdited(h.Take()).GetProperty("title").GetString());
        _libraries.Verify(l => l.CreateAsync(Mod, "biology-101", LibraryId.Default, GuildB, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Kb_library_create_without_copy_creates_an_empty_library()
    {
        _libraries.Setup(l => l.CreateAsync(Mod, "chem", null, GuildA, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new LibraryResult(LibraryOutcome.Created, "chem", "Created library 'chem', empty."));
        var h = Harness();
        await h.Interactions.HandleAsync(BotHarness.KbLibrary("create", Opts(("id", "chem")), Mods), default);
        Assert.Equal("Created library 'chem', empty.", DeferredThenEdited(h.Take()).GetProperty("description").GetString());
    }

    [Theory]
    [InlineData(LibraryOutcome.Created, "Library created", false)]
    [InlineData(LibraryOutcome.InvalidId, "Not a library id", true)]
    [InlineData(LibraryOutcome.AlreadyExists, "Library exists already", true)]
    [InlineData(LibraryOutcome.UnknownSource, "Nothing to copy", true)]
    [InlineData(LibraryOutcome.TooManyLibraries, "Too many libraries", true)]
    [InlineData(LibraryOutcome.StoreFailed, "Not done", true)]
    public async Task Kb_library_create_titles_each_outcome_and_colours_refusals_as_failures(LibraryOutcome outcome, string title, bool refused)
    {
        _libraries.Setup(l => l.CreateAsync(It.IsAny<Actor>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new LibraryResult(outcome, "x1", "The reason from Core."));
        var h = Harness();
        await h.Interactions.HandleAsync(BotHarness.KbLibrary("create", Opts(("id", "x1")), Mods), default);
        var embed = DeferredThenEdited(h.Take());
        Assert.Equal(title, embed.GetProperty("title").GetString());
        Assert.StartsWith("The reason from Core.", embed.GetProperty("description").GetString());
        Assert.Equal(refused ? ModerationHandler.FailColor : ModerationHandler.Color, embed.GetProperty("color").GetInt32());
    }

    [Fact]
    public async Task Kb_library_create_of_a_taken_id_says_how_to_use_that_library_here()
    {
        _libraries.Setup(l => l.CreateAsync(Mod, "chem", null, GuildA, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new LibraryResult(LibraryOutcome.AlreadyExists, "chem", "A library 'chem' already exists; pick another id."));
        var h = Harness();
        await h.Interactions.HandleAsync(BotHarness.KbLibrary("create", Opts(("id", "chem")), Mods), default);
        Assert.EndsWith("To answer from it here: /kb library use id:chem.", DeferredThenEdited(h.Take()).GetProperty("description").GetString());
    }

    [Fact]
    public async Task Kb_library_use_switches_the_server_it_is_used_in()
    {
        _libraries.Setup(l => l.UseAsync(Mod, "chem", GuildA, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new LibraryResult(LibraryOutcome.Mapped, "chem", "This server now answers from library 'chem'."));
        var h = Harness();
        await h.Interactions.HandleAsync(BotHarness.KbLibrary("use", Opts(("id", "chem")), Mods), default);
        Assert.Equal("Library chosen", DeferredThenEdited(h.Take()).GetProperty("title").GetString());
        _libraries.Verify(l => l.UseAsync(Mod, "chem", GuildA, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Kb_library_use_of_an_unknown_library_points_to_the_list()
    {
        _libraries.Setup(l => l.UseAsync(Mod, "nope", GuildA, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new LibraryResult(LibraryOutcome.UnknownLibrary, "nope", "There is no library 'nope'."));
        var h = Harness();
        await h.Interactions.HandleAsync(BotHarness.KbLibrary("use", Opts(("id", "nope")), Mods), default);
        var embed = DeferredThenEdited(h.Take());
        Assert.Equal("No such library", embed.GetProperty("title").GetString());
        Assert.Equal("There is no library 'nope'. See /kb library list.", embed.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Kb_library_list_marks_the_library_this_server_uses()
    {
        _libraries.Setup(l => l.ListAsync(It.IsAny<CancellationToken>())).ReturnsAsync(ImmutableArray.Create(
            new LibraryInfo(LibraryId.Default, DateTimeOffset.MinValue, "", "the operator", null),
            new LibraryInfo("chem", new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), "discord:u2", "Ada", null),
            new LibraryInfo("bio", new DateTimeOffset(2025, 3, 2, 0, 0, 0, TimeSpan.Zero), "discord:u3", "Bea", LibraryId.Default)));
        _libraries.Setup(l => l.LibraryOfServerAsync(GuildA, It.IsAny<CancellationToken>())).ReturnsAsync("chem");
        var h = Harness();
        await h.Interactions.HandleAsync(BotHarness.KbLibrary("list", roles: Mods), default);
        var text = DeferredThenEdited(h.Take()).GetProperty("description").GetString()!;
        Assert.Contains("• `chem` ← this server: created 2025-03-01 by Ada, empty", text);
        Assert.Contains("• `bio`: created 2025-03-02 by Bea, a copy of default", text);
        Assert.Contains("• `default`: the bundled library", text);
    }

    [Theory]
    [InlineData("create")]
    [InlineData("use")]
    [InlineData("list")]
    public async Task Kb_library_is_refused_privately_to_a_member_without_a_moderator_role(string sub)
    {
        var h = Harness();
        await h.Interactions.HandleAsync(BotHarness.KbLibrary(sub, Opts(("id", "chem")), roles: ["999"]), default);
        var reply = Assert.Single(h.Take());
        Assert.Equal(4, reply.Json.GetProperty("type").GetInt32());
        Assert.Equal(64, reply.Json.GetProperty("data").GetProperty("flags").GetInt32());
        Assert.StartsWith(ModerationHandler.NotModeratorText, reply.Json.GetProperty("data").GetProperty("content").GetString());
        _libraries.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Kb_library_is_refused_in_a_server_that_does_not_moderate()
    {
        var h = new BotHarness(o => o.ModeratorGuildIds = [GuildA], _libraryAnswers.Object, _libraries.Object);
        await h.Interactions.HandleAsync(BotHarness.KbLibrary("create", Opts(("id", "chem")), Mods, guildId: GuildB), default);
        Assert.Contains(ModerationHandler.OtherServerText, Assert.Single(h.Take()).Json.GetProperty("data").GetProperty("content").GetString());
        _libraries.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Kb_library_says_so_when_the_host_serves_one_library()
    {
        var h = new BotHarness();
        await h.Interactions.HandleAsync(BotHarness.KbLibrary("create", Opts(("id", "chem")), Mods), default);
        var embed = DeferredThenEdited(h.Take());
        Assert.Equal(LibraryCommands.OneLibraryText, embed.GetProperty("description").GetString());
        h.Knowledge.VerifyNoOtherCalls();
    }

    // ---- registration ----

    [Fact]
    public void The_library_group_is_registered_with_kb_in_the_moderating_servers_only()
    {
        var plan = Commands.Registrations(TestData.Options(o => o.ModeratorGuildIds = [GuildA]), libraries: true);
        Assert.Equal(new string?[] { null, GuildA }, plan.Select(r => r.GuildId));
        Assert.DoesNotContain(plan[0].Commands, c => c.Name == Commands.Kb);
        var kb = Assert.Single(plan[1].Commands);
        var group = Assert.Single(kb.Options!, o => o.Type == ApplicationCommandOptionType.SubCommandGroup);
        Assert.Equal(Commands.KbLibrary, group.Name);
        Assert.Equal([Commands.LibraryCreate, Commands.LibraryUse, Commands.LibraryList], group.Options!.Select(o => o.Name).ToArray());
        Assert.Equal([Commands.IdOption, Commands.CopyOption], group.Options![0].Options!.Select(o => o.Name).ToArray());
    }

    [Fact]
    public void Without_libraries_kb_has_no_library_group()
    {
        var plan = Commands.Registrations(TestData.Options(o => o.ModeratorGuildIds = [GuildA]));
        Assert.DoesNotContain(plan[1].Commands.Single().Options!, o => o.Type == ApplicationCommandOptionType.SubCommandGroup);
    }

    // ---- wiring ----

    private static IConfiguration Configuration() => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["SourceBot:Discord:Token"] = TestData.Token,
        ["SourceBot:Discord:ApplicationId"] = "1000",
    }).Build();

    [Fact]
    public async Task A_host_with_one_answer_service_gets_it_for_every_server()
    {
        var answers = new Mock<IAnswerService>().Object;
        var services = new ServiceCollection().AddLogging().AddSingleton(answers);
        services.AddFeedbackStoreAsTheHostDoes().AddSourceBotDiscord(Configuration());
        await using var provider = services.BuildServiceProvider();
        var libraries = provider.GetRequiredService<ILibraryAnswers>();
        Assert.IsType<SingleLibraryAnswers>(libraries);
        Assert.Same(answers, await libraries.ForServerAsync(GuildA));
        Assert.Same(answers, await libraries.ForServerAsync(null));
    }

    [Fact]
    public async Task A_host_with_library_answers_keeps_its_own()
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(_libraryAnswers.Object);
        services.AddFeedbackStoreAsTheHostDoes().AddSourceBotDiscord(Configuration());
        await using var provider = services.BuildServiceProvider();
        Assert.Same(_libraryAnswers.Object, provider.GetRequiredService<ILibraryAnswers>());
    }

    private static ChangeRecord Change(int sequence) =>
        new(sequence, DateTimeOffset.UnixEpoch, "discord:1", "mira", ChangeKind.EditPassage, "001#p4", "a change", null);
}
