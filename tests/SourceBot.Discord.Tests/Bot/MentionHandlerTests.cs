using Moq;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Bot;

public sealed class MentionHandlerTests
{
    [Fact]
    public async Task A_mention_is_answered_as_a_reply_with_typing_first_and_the_mention_stripped_from_the_question()
    {
        var h = new BotHarness();
        await h.Mentions.HandleAsync(BotHarness.Message("<@42> When did China accede to the convention?"), default);
        var calls = h.Take();
        Assert.Equal("typing", calls[0].Kind);
        Assert.Equal("c1", calls[0].Target);
        var reply = Assert.Single(calls, c => c.Kind == "message").Json;
        Assert.Equal("m1", reply.GetProperty("message_reference").GetProperty("message_id").GetString());
        Assert.Equal(0, reply.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        Assert.False(reply.GetProperty("allowed_mentions").GetProperty("replied_user").GetBoolean());
        Assert.Equal(TestData.Answered().Quote, reply.GetProperty("embeds")[0].GetProperty("description").GetString());
        h.Answers.Verify(a => a.AskAsync("When did China accede to the convention?", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task The_nickname_mention_form_counts_too()
    {
        var h = new BotHarness();
        await h.Mentions.HandleAsync(BotHarness.Message("<@!42>, why?"), default);
        h.Answers.Verify(a => a.AskAsync("why?", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Mentioning_the_bot_in_a_reply_answers_the_replied_to_message_and_replies_to_that_person()
    {
        var h = new BotHarness();
        var original = BotHarness.Message("Why doesn't China treat North Koreans as refugees?", id: "orig", authorId: "u7");
        await h.Mentions.HandleAsync(BotHarness.Message("<@42>", id: "m2", authorId: "u8", replyTo: original), default);
        var reply = h.Take().Single(c => c.Kind == "message").Json;
        Assert.Equal("orig", reply.GetProperty("message_reference").GetProperty("message_id").GetString());
        h.Answers.Verify(a => a.AskAsync("Why doesn't China treat North Koreans as refugees?", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Messages_from_bots_and_from_itself_are_ignored()
    {
        var h = new BotHarness();
        await h.Mentions.HandleAsync(BotHarness.Message("<@42> hi", bot: true), default);
        await h.Mentions.HandleAsync(BotHarness.Message("<@42> hi", authorId: "42"), default);
        Assert.Empty(h.Take());
        h.Answers.Verify(a => a.AskAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Messages_without_a_mention_are_ignored_in_servers()
    {
        var h = new BotHarness();
        await h.Mentions.HandleAsync(BotHarness.Message("When did China accede?"), default);
        Assert.Empty(h.Take());
    }

    [Fact]
    public async Task Mentions_are_ignored_when_mention_answering_is_off()
    {
        var h = new BotHarness(o => o.AnswerMentions = false);
        await h.Mentions.HandleAsync(BotHarness.Message("<@42> When?"), default);
        Assert.Empty(h.Take());
    }

    [Fact]
    public async Task Mentions_outside_the_allowed_channels_are_ignored()
    {
        var h = new BotHarness(o => o.AllowedChannelIds = ["c-allowed"]);
        await h.Mentions.HandleAsync(BotHarness.Message("<@42> When?", channelId: "c-other"), default);
        Assert.Empty(h.Take());
        await h.Mentions.HandleAsync(BotHarness.Message("<@42> When?", channelId: "c-allowed"), default);
        Assert.Contains(h.Take(), c => c.Kind == "message");
    }

    [Fact]
    public async Task Direct_messages_are_answered_without_a_mention_only_when_allowed()
    {
        var allowed = new BotHarness(o => o.AllowDirectMessages = true);
        await allowed.Mentions.HandleAsync(BotHarness.Message("When did China accede?", guildId: null), default);
        Assert.Contains(allowed.Take(), c => c.Kind == "message");

        var refused = new BotHarness(o => o.AllowDirectMessages = false);
        await refused.Mentions.HandleAsync(BotHarness.Message("When did China accede?", guildId: null), default);
        Assert.Empty(refused.Take());
    }

    [Fact]
    public async Task Over_the_rate_limit_a_user_gets_one_short_note_and_then_silence()
    {
        var h = new BotHarness(o => o.RateLimit.QuestionsPerUser = 1);
        await h.Mentions.HandleAsync(BotHarness.Message("<@42> first?"), default);
        h.Take();
        await h.Mentions.HandleAsync(BotHarness.Message("<@42> second?", id: "m2"), default);
        var note = Assert.Single(h.Take());
        Assert.StartsWith("Slow down", note.Json.GetProperty("content").GetString());
        Assert.Equal("m2", note.Json.GetProperty("message_reference").GetProperty("message_id").GetString());
        await h.Mentions.HandleAsync(BotHarness.Message("<@42> third?", id: "m3"), default);
        Assert.Empty(h.Take());
        h.Answers.Verify(a => a.AskAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task The_same_passage_again_in_the_channel_gets_a_just_answered_above_note_with_a_link()
    {
        var h = new BotHarness();
        await h.Mentions.HandleAsync(BotHarness.Message("<@42> when?"), default);
        var first = h.Take().Single(c => c.Kind == "message");
        await h.Mentions.HandleAsync(BotHarness.Message("<@42> when exactly?", id: "m2", authorId: "u2"), default);
        var note = h.Take().Single(c => c.Kind == "message").Json;
        Assert.StartsWith("Just answered that above: https://discord.com/channels/" + BotHarness.Guild + "/c1/", note.GetProperty("content").GetString());
        Assert.Equal(0, note.GetProperty("embeds").GetArrayLength());
    }

    [Fact]
    public async Task A_bare_mention_gets_a_short_hint_on_how_to_ask()
    {
        var h = new BotHarness();
        await h.Mentions.HandleAsync(BotHarness.Message("<@42>"), default);
        var note = Assert.Single(h.Take());
        Assert.StartsWith("Ask me a question after the mention", note.Json.GetProperty("content").GetString());
        h.Answers.Verify(a => a.AskAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public void Stripping_removes_user_role_and_channel_mention_syntax()
    {
        Assert.Equal("what about and ?", Discord.Bot.MessageText.StripMentions("<@42> what about <#123> and <@&456>?"));
    }
}
