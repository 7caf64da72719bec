using Moq;
using SourceBot.Core.Feedback;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Bot;

/// <summary>
/// Buttons and moderator actions are rate-limited like questions: per user, then across all users. A refused press gets a
/// private "try again in N s" and does nothing else.
/// </summary>
public sealed class PressRateLimitTests
{
    private static readonly string[] Mods = BotHarness.ModeratorRoles;

    private static BotHarness Harness(int perUser = 3, int allUsers = 100, int kbPerUser = 10) => new(o =>
    {
        o.RateLimit.ButtonPressesPerUser = perUser;
        o.RateLimit.PressesAllUsers = allUsers;
        o.RateLimit.KbCommandsPerUser = kbPerUser;
        o.RateLimit.Window = TimeSpan.FromMinutes(1);
    });

    private static Task VoteAsync(BotHarness h, string key, string userId) => h.Interactions.HandleAsync(BotHarness.Button($"sb:up:{key}", userId: userId), default);

    /// <summary>The only call is a private reply (callback 4, flag 64); returns its text.</summary>
    private static string OnlyAPrivateReply(RestCall[] calls)
    {
        var call = Assert.Single(calls);
        Assert.Equal(InteractionCallbackType.ChannelMessageWithSource, Assert.IsType<InteractionResponse>(call.Body).Type);
        Assert.Equal(64, call.Json.GetProperty("data").GetProperty("flags").GetInt32());
        return call.Json.GetProperty("data").GetProperty("content").GetString()!;
    }

    private static void VotesStored(BotHarness h, string userId, int times) =>
        h.Feedback.Verify(f => f.RecordAsync(It.IsAny<string>(), It.IsAny<string>(), userId, FeedbackVote.Up, It.IsAny<CancellationToken>()), Times.Exactly(times));

    [Fact]
    public async Task The_press_past_a_users_limit_is_refused_privately_with_the_wait_and_does_nothing()
    {
        var h = Harness(perUser: 3);
        var key = await h.RememberAsync(TestData.Answered());
        for (int i = 0; i < 3; i++) await VoteAsync(h, key, "u1");
        h.Take();
        h.Time.Advance(TimeSpan.FromSeconds(20));

        await VoteAsync(h, key, "u1");

        Assert.Equal("You're pressing buttons too fast; try again in 40 s.", OnlyAPrivateReply(h.Take()));
        VotesStored(h, "u1", 3);
    }

    [Fact]
    public async Task Another_user_is_unaffected_by_one_users_limit()
    {
        var h = Harness(perUser: 3);
        var key = await h.RememberAsync(TestData.Answered());
        for (int i = 0; i < 4; i++) await VoteAsync(h, key, "u1");
        h.Take();

        await VoteAsync(h, key, "u2");

        Assert.StartsWith("Thanks!", OnlyAPrivateReply(h.Take()));
        VotesStored(h, "u2", 1);
    }

    [Fact]
    public async Task Past_the_cap_across_all_users_everyone_is_refused_until_the_window_ends()
    {
        var h = Harness(perUser: 3, allUsers: 4);
        var key = await h.RememberAsync(TestData.Answered());
        for (int i = 0; i < 3; i++) await VoteAsync(h, key, "u1");
        await VoteAsync(h, key, "u2"); // the fourth press of all: still within the cap
        h.Take();

        await VoteAsync(h, key, "u3");
        Assert.Equal("SourceBot is handling too many presses right now; try again in 60 s.", OnlyAPrivateReply(h.Take()));
        VotesStored(h, "u3", 0);

        h.Time.Advance(TimeSpan.FromMinutes(1));
        await VoteAsync(h, key, "u3");
        Assert.StartsWith("Thanks!", OnlyAPrivateReply(h.Take()));
    }

    [Fact]
    public async Task Presses_a_users_own_limit_refuses_do_not_use_up_the_cap_for_others()
    {
        var h = Harness(perUser: 2, allUsers: 4);
        var key = await h.RememberAsync(TestData.Answered());
        for (int i = 0; i < 10; i++) await VoteAsync(h, key, "u1"); // 2 pass, 8 refused by u1's own limit
        h.Take();

        await VoteAsync(h, key, "u2");
        await VoteAsync(h, key, "u2");

        Assert.All(h.Take(), c => Assert.StartsWith("Thanks!", c.Json.GetProperty("data").GetProperty("content").GetString()));
        VotesStored(h, "u2", 2);
    }

    [Fact]
    public async Task Every_answer_button_counts_towards_the_same_limit()
    {
        var h = Harness(perUser: 3);
        var key = await h.RememberAsync(TestData.Answered());
        await h.Interactions.HandleAsync(BotHarness.Button("sb:ct:001#p4"), default);
        await h.Interactions.HandleAsync(BotHarness.Button($"sb:om:{key}"), default);
        await h.Interactions.HandleAsync(BotHarness.Button("sb:ra:001#p4"), default);
        h.Take();

        await h.Interactions.HandleAsync(BotHarness.Button($"sb:sh:{key}", onPrivateMessage: true), default);

        Assert.StartsWith("You're pressing buttons too fast", OnlyAPrivateReply(h.Take()));
    }

    [Fact]
    public async Task Kb_commands_have_their_own_per_user_limit()
    {
        var h = Harness(perUser: 3, kbPerUser: 2);
        h.Knowledge.Setup(k => k.ListHistoryAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        h.Knowledge.Setup(k => k.LiveVersionAsync(It.IsAny<CancellationToken>())).ReturnsAsync((int?)null);
        for (int i = 0; i < 2; i++) await h.Interactions.HandleAsync(BotHarness.Kb("history", roles: Mods), default);
        h.Take();

        await h.Interactions.HandleAsync(BotHarness.Kb("history", roles: Mods), default);
        Assert.Equal("You're running moderator commands too fast; try again in 60 s.", OnlyAPrivateReply(h.Take()));
        h.Knowledge.Verify(k => k.ListHistoryAsync(It.IsAny<CancellationToken>()), Times.Exactly(2));

        var key = await h.RememberAsync(TestData.Answered());
        await VoteAsync(h, key, "u1"); // the answer buttons are limited apart
        Assert.StartsWith("Thanks!", OnlyAPrivateReply(h.Take()));
    }
}
