using Moq;
using SourceBot.Discord.Interactions;
using SourceBot.Discord.Moderation;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Moderation;

/// <summary>
/// Moderation belongs to the servers that own the knowledge: a member of any other server, its Administrator included, is
/// never a moderator, on any /kb command, button or form.
/// </summary>
public class ModerationScopeTests
{
    private const string ForeignGuild = "999";
    private const string Administrator = "8";
    private static readonly string[] Mods = BotHarness.ModeratorRoles;

    public static TheoryData<string> KbSubcommands => new()
    {
        Commands.KbAdd, Commands.KbEdit, Commands.KbHide, Commands.KbUnhide, Commands.KbTeach, Commands.KbPreview,
        Commands.KbPublish, Commands.KbRollback, Commands.KbHistory, Commands.KbGaps,
    };

    private static string PrivateRefusal(RestCall[] calls)
    {
        var call = Assert.Single(calls);
        Assert.Equal("callback", call.Kind);
        Assert.Equal(64, call.Json.GetProperty("data").GetProperty("flags").GetInt32());
        var text = call.Json.GetProperty("data").GetProperty("content").GetString()!;
        Assert.StartsWith(ModerationHandler.NotModeratorText, text);
        return text;
    }

    [Theory]
    [MemberData(nameof(KbSubcommands))]
    public async Task A_foreign_servers_administrator_is_refused_every_kb_subcommand_and_nothing_changes(string sub)
    {
        var h = new BotHarness();
        var options = new Dictionary<string, object> { ["passage"] = "001#p4", ["question"] = "Why?", ["version"] = 1 };
        await h.Interactions.HandleAsync(BotHarness.Kb(sub, options, roles: Mods, permissions: Administrator, guildId: ForeignGuild), default);
        Assert.Contains(ModerationHandler.OtherServerText, PrivateRefusal(h.Take()));
        h.Knowledge.VerifyNoOtherCalls();
        h.Downloader.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_foreign_servers_administrator_is_refused_the_teach_buttons_and_the_edit_form()
    {
        var h = new BotHarness();
        var key = await h.RememberAsync(TestData.NotCovered());
        await h.Interactions.HandleAsync(BotHarness.Button("sb:tc:" + key, roles: Mods, permissions: Administrator, guildId: ForeignGuild), default);
        PrivateRefusal(h.Take());
        await h.Interactions.HandleAsync(BotHarness.Button("sb:tp:001#p4|What is the capital of France?", roles: Mods, permissions: Administrator, guildId: ForeignGuild), default);
        PrivateRefusal(h.Take());
        await h.Interactions.HandleAsync(BotHarness.ModalSubmit("sb:ke:001#p4", "New text.", inputId: ModerationHandler.TextInput, roles: Mods,
            guildId: ForeignGuild, permissions: Administrator), default);
        PrivateRefusal(h.Take());
        h.Knowledge.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_foreign_servers_administrator_gets_no_teach_button_under_a_thumbs_down()
    {
        var h = new BotHarness();
        var key = await h.RememberAsync(TestData.Answered());
        await h.Interactions.HandleAsync(BotHarness.Button("sb:dn:" + key, roles: Mods, permissions: Administrator, guildId: ForeignGuild), default);
        Assert.Equal(0, Assert.Single(h.Take()).Json.GetProperty("data").GetProperty("components").GetArrayLength());
    }

    [Fact]
    public async Task A_foreign_servers_administrator_gets_no_teach_offer_under_a_no_answer()
    {
        var h = new BotHarness();
        h.Answers.Setup(a => a.AskAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync((string q, CancellationToken _) => TestData.NotCovered(q));
        await h.Interactions.HandleAsync(BotHarness.Slash("ask", "What is the capital of France?", guildId: ForeignGuild, roles: Mods), default);
        Assert.Equal(["callback", "edit"], h.Take().Select(c => c.Kind).ToArray());
    }

    [Fact]
    public async Task With_no_moderating_server_configured_nobody_on_discord_is_a_moderator()
    {
        var h = new BotHarness(o => o.ModeratorGuildIds = []);
        await h.Interactions.HandleAsync(BotHarness.Kb(Commands.KbPublish, roles: Mods, permissions: Administrator), default);
        PrivateRefusal(h.Take());
        h.Knowledge.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task The_configured_guild_moderates_when_no_moderator_guilds_are_listed()
    {
        var h = new BotHarness(o => { o.ModeratorGuildIds = []; o.GuildId = BotHarness.Guild; });
        h.Knowledge.Setup(k => k.ListHistoryAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        h.Knowledge.Setup(k => k.LiveVersionAsync(It.IsAny<CancellationToken>())).ReturnsAsync((int?)null);
        await h.Interactions.HandleAsync(BotHarness.Kb(Commands.KbHistory, roles: Mods), default);
        Assert.Equal(["callback", "edit"], h.Take().Select(c => c.Kind).ToArray());
        h.Knowledge.Verify(k => k.ListHistoryAsync(It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public void Kb_is_registered_only_in_the_moderating_servers_never_globally()
    {
        var plan = Commands.Registrations(TestData.Options(o => o.ModeratorGuildIds = ["300", "200"]));
        Assert.Equal(new string?[] { null, "200", "300" }, plan.Select(r => r.GuildId));
        Assert.DoesNotContain(plan[0].Commands, c => c.Name == Commands.Kb);
        Assert.Contains(plan[0].Commands, c => c.Name == Commands.Ask);
        Assert.All(plan.Skip(1), r => Assert.Equal([Commands.Kb], r.Commands.Select(c => c.Name).ToArray()));
    }

    [Fact]
    public void Kb_is_not_registered_anywhere_when_no_server_moderates()
    {
        var registration = Assert.Single(Commands.Registrations(TestData.Options()));
        Assert.Null(registration.GuildId);
        Assert.DoesNotContain(registration.Commands, c => c.Name == Commands.Kb);
    }

    [Fact]
    public void Kb_goes_with_the_other_commands_into_a_test_guild_that_moderates()
    {
        var registration = Assert.Single(Commands.Registrations(TestData.Options(o => o.GuildId = "777")));
        Assert.Equal("777", registration.GuildId);
        var kb = Assert.Single(registration.Commands, c => c.Name == Commands.Kb);
        Assert.Equal("32", kb.DefaultMemberPermissions);
    }

    [Fact]
    public void A_test_guild_that_does_not_moderate_gets_no_kb()
    {
        var plan = Commands.Registrations(TestData.Options(o => { o.GuildId = "777"; o.ModeratorGuildIds = ["888"]; }));
        Assert.Equal(new string?[] { "777", "888" }, plan.Select(r => r.GuildId));
        Assert.DoesNotContain(plan[0].Commands, c => c.Name == Commands.Kb);
        Assert.Equal([Commands.Kb], plan[1].Commands.Select(c => c.Name).ToArray());
    }

    [Fact]
    public void A_moderator_guild_id_that_is_not_a_number_is_refused_at_start()
    {
        var result = new DiscordOptionsValidator().Validate(null, TestData.Options(o => o.ModeratorGuildIds = ["my server"]));
        Assert.Contains("SourceBot:Discord:ModeratorGuildIds has \"my server\"", result.FailureMessage);
    }
}
