using System.Text.Json;
using Moq;
using SourceBot.Core.Feedback;
using SourceBot.Core.Moderation;
using SourceBot.Discord.Bot;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Interactions;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Bot;

/// <summary>
/// A custom_id comes back from the user's client and can be forged: an answer key, a passage id or a channel id read from it
/// selects nothing until it is checked against the interaction, and a forged one gets a private refusal with nothing posted.
/// </summary>
public sealed class UntrustedIdTests
{
    private static readonly string[] Mods = BotHarness.ModeratorRoles;

    /// <summary>The only call is a private reply (callback 4, flag 64); returns its text.</summary>
    private static string OnlyAPrivateReply(RestCall[] calls)
    {
        var call = Assert.Single(calls);
        Assert.Equal("callback", call.Kind);
        Assert.Equal(InteractionCallbackType.ChannelMessageWithSource, Assert.IsType<InteractionResponse>(call.Body).Type);
        var data = call.Json.GetProperty("data");
        Assert.Equal(64, data.GetProperty("flags").GetInt32());
        return data.GetProperty("content").GetString()!;
    }

    private static void NoVoteStored(BotHarness h) =>
        h.Feedback.Verify(f => f.RecordAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<FeedbackVote>(), It.IsAny<CancellationToken>()), Times.Never);

    [Fact]
    public async Task A_vote_naming_an_answer_given_in_another_channel_is_refused_privately_and_not_stored()
    {
        var h = new BotHarness();
        var key = await h.RememberAsync(TestData.Answered(), channelId: "c-elsewhere");

        await h.Interactions.HandleAsync(BotHarness.Button($"sb:up:{key}", channelId: "c1"), default);

        Assert.Equal(InteractionReplies.NotYoursText, OnlyAPrivateReply(h.Take()));
        NoVoteStored(h);
    }

    [Fact]
    public async Task Other_matches_naming_an_answer_given_in_another_server_is_refused_privately()
    {
        var h = new BotHarness();
        var key = await h.RememberAsync(TestData.Answered(), guildId: "another-server", channelId: "c1");

        await h.Interactions.HandleAsync(BotHarness.Button($"sb:om:{key}", channelId: "c1"), default);

        Assert.Equal(InteractionReplies.NotYoursText, OnlyAPrivateReply(h.Take()));
    }

    [Fact]
    public async Task Another_users_private_answer_cannot_be_voted_on_or_listed_from_the_same_channel()
    {
        var h = new BotHarness();
        var key = await h.RememberAsync(TestData.Answered(), userId: "asker", isPrivate: true);

        await h.Interactions.HandleAsync(BotHarness.Button($"sb:dn:{key}", userId: "someone-else"), default);
        Assert.Equal(InteractionReplies.NotYoursText, OnlyAPrivateReply(h.Take()));
        await h.Interactions.HandleAsync(BotHarness.Button($"sb:om:{key}", userId: "someone-else"), default);
        Assert.Equal(InteractionReplies.NotYoursText, OnlyAPrivateReply(h.Take()));
        NoVoteStored(h);
    }

    [Fact]
    public async Task Sharing_another_users_private_answer_is_refused_and_posts_nothing()
    {
        var h = new BotHarness();
        var key = await h.RememberAsync(TestData.Answered(), userId: "asker", isPrivate: true);

        await h.Interactions.HandleAsync(BotHarness.Button($"sb:sh:{key}", onPrivateMessage: true, userId: "someone-else"), default);

        Assert.Equal(InteractionReplies.NotYoursText, OnlyAPrivateReply(h.Take()));
    }

    [Fact]
    public async Task Sharing_a_private_answer_from_another_channel_is_refused_and_posts_nothing()
    {
        var h = new BotHarness();
        var key = await h.RememberAsync(TestData.Answered(), channelId: "c-asked-in", userId: "u1", isPrivate: true);

        await h.Interactions.HandleAsync(BotHarness.Button($"sb:sh:{key}", onPrivateMessage: true, channelId: "c-pressed-in", userId: "u1"), default);

        Assert.Equal(InteractionReplies.NotYoursText, OnlyAPrivateReply(h.Take()));
    }

    [Fact]
    public async Task Rephrasing_an_answer_from_another_channel_is_refused_without_showing_its_question()
    {
        var h = new BotHarness();
        var key = await h.RememberAsync(TestData.Answered(question: "A question asked elsewhere"), channelId: "c-elsewhere");

        await h.Interactions.HandleAsync(BotHarness.Button($"sb:rq:{key}"), default);

        var text = OnlyAPrivateReply(h.Take());
        Assert.Equal(InteractionReplies.NotYoursText, text);
        Assert.DoesNotContain("asked elsewhere", text);
    }

    [Fact]
    public async Task A_question_form_naming_another_channel_is_refused_privately_and_nothing_is_posted_or_asked()
    {
        var h = new BotHarness();

        await h.Interactions.HandleAsync(BotHarness.ModalSubmit("sb:mm:c-victim/m-target", "What is this chart about?", channelId: "c1"), default);

        Assert.Equal(InteractionHandler.OtherChannelFormText, OnlyAPrivateReply(h.Take()));
        h.Answers.Verify(a => a.AskAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_page_button_on_a_message_others_see_opens_a_private_page_instead_of_replacing_that_message()
    {
        var h = new BotHarness();

        await h.Interactions.HandleAsync(BotHarness.Button("sb:pg:001#p5", onPrivateMessage: false), default);

        var calls = h.Take();
        Assert.Equal(["callback", "edit"], calls.Select(c => c.Kind).ToArray());
        Assert.Equal(InteractionCallbackType.DeferredChannelMessageWithSource, Assert.IsType<InteractionResponse>(calls[0].Body).Type);
        Assert.Equal(64, calls[0].Json.GetProperty("data").GetProperty("flags").GetInt32());
    }

    [Fact]
    public async Task A_page_button_naming_a_passage_that_does_not_exist_leaves_the_page_as_it_is()
    {
        var h = new BotHarness();

        await h.Interactions.HandleAsync(BotHarness.Button("sb:pg:no-such-source#p1", onPrivateMessage: true), default);

        Assert.Equal("That passage is no longer in the sources.", OnlyAPrivateReply(h.Take())); // no acknowledgement, no edit
    }

    [Fact]
    public async Task Teach_naming_an_answer_given_in_another_channel_is_refused_and_lists_no_candidates()
    {
        var h = new BotHarness();
        var key = await h.RememberAsync(TestData.NotCovered(), channelId: "c-elsewhere");

        await h.Interactions.HandleAsync(BotHarness.Button("sb:tc:" + key, roles: Mods), default);

        Assert.Equal(InteractionReplies.NotYoursText, OnlyAPrivateReply(h.Take()));
        h.Knowledge.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_teach_pick_on_a_message_others_see_answers_privately_instead_of_replacing_that_message()
    {
        var h = new BotHarness();
        h.Knowledge.Setup(k => k.TeachAsync(It.IsAny<Actor>(), "Who crosses?", "001#p4", "taught from Discord", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new KbResult(true, "taught t1 -> 001#p4"));

        await h.Interactions.HandleAsync(BotHarness.Button("sb:tp:001#p4|Who crosses?", onPrivateMessage: false, roles: Mods), default);

        var calls = h.Take();
        Assert.Equal(["callback", "edit"], calls.Select(c => c.Kind).ToArray());
        Assert.Equal(InteractionCallbackType.DeferredChannelMessageWithSource, Assert.IsType<InteractionResponse>(calls[0].Body).Type);
        Assert.Equal(64, calls[0].Json.GetProperty("data").GetProperty("flags").GetInt32());
    }

    [Fact]
    public async Task An_answer_to_a_mention_belongs_to_the_mentions_channel()
    {
        var h = new BotHarness();
        await h.Mentions.HandleAsync(BotHarness.Message("<@42> Who signed?", channelId: "c-mention"), default);
        var answer = h.Take().Single(c => c.Kind == "message").Json;
        var voteUp = answer.GetProperty("components").EnumerateArray().SelectMany(r => r.GetProperty("components").EnumerateArray())
            .Select(b => b.TryGetProperty("custom_id", out var id) ? id.GetString() : null).First(id => id?.StartsWith("sb:up:", StringComparison.Ordinal) == true)!;

        await h.Interactions.HandleAsync(BotHarness.Button(voteUp, channelId: "c-other", userId: "u2"), default);
        Assert.Equal(InteractionReplies.NotYoursText, OnlyAPrivateReply(h.Take()));

        await h.Interactions.HandleAsync(BotHarness.Button(voteUp, channelId: "c-mention", userId: "u2"), default);
        Assert.StartsWith("Thanks!", OnlyAPrivateReply(h.Take()));
        h.Feedback.Verify(f => f.RecordAsync("Who signed?", "001#p4", "u2", FeedbackVote.Up, It.IsAny<CancellationToken>()), Times.Once);
    }
}
