using Moq;
using SourceBot.Core.Feedback;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Bot;

/// <summary>The interaction handlers with Moq behind the REST client, the answer service and the feedback store.</summary>
public sealed class InteractionHandlerTests
{
    private static InteractionResponse Callback(RestCall call) => Assert.IsType<InteractionResponse>(call.Body);

    [Fact]
    public async Task Ask_defers_publicly_then_edits_the_answer_in_with_embed_buttons_and_no_mentions()
    {
        var h = new BotHarness();
        await h.Interactions.HandleAsync(BotHarness.Slash("ask", "When did China accede?"), default);
        var calls = h.Take();
        Assert.Equal(["callback", "edit"], calls.Select(c => c.Kind).ToArray());

        var defer = calls[0].Json;
        Assert.Equal(5, defer.GetProperty("type").GetInt32());
        Assert.False(defer.TryGetProperty("data", out _)); // public: no ephemeral flag

        Assert.StartsWith("1000/itok-", calls[1].Target);
        var edit = calls[1].Json;
        Assert.Equal(TestData.Answered().Quote, edit.GetProperty("embeds")[0].GetProperty("description").GetString());
        Assert.Equal("When did China accede?", edit.GetProperty("embeds")[0].GetProperty("title").GetString());
        Assert.Equal(5, edit.GetProperty("components")[0].GetProperty("components").GetArrayLength());
        Assert.Equal(0, edit.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        h.Answers.Verify(a => a.AskAsync("When did China accede?", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Ask_with_ephemeral_true_defers_with_flag_64_and_offers_share_to_channel()
    {
        var h = new BotHarness();
        await h.Interactions.HandleAsync(BotHarness.Slash("ask", "Q?", ephemeral: true), default);
        var calls = h.Take();
        Assert.Equal(64, calls[0].Json.GetProperty("data").GetProperty("flags").GetInt32());
        var buttons = calls[1].Json.GetProperty("components")[1].GetProperty("components");
        Assert.Equal("Share to channel", buttons[0].GetProperty("label").GetString());
    }

    [Fact]
    public async Task Ask_without_the_ephemeral_option_follows_EphemeralByDefault()
    {
        var h = new BotHarness(o => o.EphemeralByDefault = true);
        await h.Interactions.HandleAsync(BotHarness.Slash("ask", "Q?"), default);
        Assert.Equal(64, h.Take()[0].Json.GetProperty("data").GetProperty("flags").GetInt32());
    }

    [Fact]
    public async Task Ask_outside_the_allowed_channels_answers_privately_where_to_ask_and_does_not_ask()
    {
        var h = new BotHarness(o => o.AllowedChannelIds = ["c-allowed"]);
        await h.Interactions.HandleAsync(BotHarness.Slash("ask", "Q?", channelId: "c-other"), default);
        var call = Assert.Single(h.Take());
        Assert.Equal(InteractionCallbackType.ChannelMessageWithSource, Callback(call).Type);
        Assert.Equal(64, call.Json.GetProperty("data").GetProperty("flags").GetInt32());
        Assert.Contains("<#c-allowed>", call.Json.GetProperty("data").GetProperty("content").GetString());
        h.Answers.Verify(a => a.AskAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Ask_in_a_direct_message_is_refused_when_direct_messages_are_disallowed()
    {
        var h = new BotHarness(o => o.AllowDirectMessages = false);
        await h.Interactions.HandleAsync(BotHarness.Slash("ask", "Q?", guildId: null), default);
        var call = Assert.Single(h.Take());
        Assert.Contains("direct messages", call.Json.GetProperty("data").GetProperty("content").GetString());
        h.Answers.Verify(a => a.AskAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_user_over_the_rate_limit_gets_a_private_slow_down_until_the_window_passes()
    {
        var h = new BotHarness(o => { o.RateLimit.QuestionsPerUser = 2; o.RateLimit.Window = TimeSpan.FromMinutes(1); });
        for (int i = 0; i < 2; i++) await h.Interactions.HandleAsync(BotHarness.Slash("ask", $"Q{i}?", ephemeral: true), default);
        h.Take();

        await h.Interactions.HandleAsync(BotHarness.Slash("ask", "Q3?", ephemeral: true), default);
        var refused = Assert.Single(h.Take());
        Assert.Equal(InteractionCallbackType.ChannelMessageWithSource, Callback(refused).Type);
        Assert.Equal(64, refused.Json.GetProperty("data").GetProperty("flags").GetInt32());
        Assert.StartsWith("Slow down", refused.Json.GetProperty("data").GetProperty("content").GetString());

        await h.Interactions.HandleAsync(BotHarness.Slash("ask", "Other user", ephemeral: true, userId: "u2"), default);
        Assert.Equal(["callback", "edit"], h.Take().Select(c => c.Kind).ToArray()); // the limit is per user

        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Interactions.HandleAsync(BotHarness.Slash("ask", "Q4?", ephemeral: true), default);
        Assert.Equal(["callback", "edit"], h.Take().Select(c => c.Kind).ToArray());
    }

    [Fact]
    public async Task The_same_passage_asked_again_in_the_channel_is_not_repeated_but_pointed_to_privately()
    {
        var h = new BotHarness();
        await h.Interactions.HandleAsync(BotHarness.Slash("ask", "When?"), default);
        h.Take();
        await h.Interactions.HandleAsync(BotHarness.Slash("ask", "When exactly?", userId: "u2"), default);
        var calls = h.Take();
        Assert.Equal(["callback", "delete", "followup"], calls.Select(c => c.Kind).ToArray());
        var note = calls[2].Json;
        Assert.Equal(64, note.GetProperty("flags").GetInt32());
        Assert.StartsWith("Just answered that above: https://discord.com/channels/" + BotHarness.Guild + "/c1/", note.GetProperty("content").GetString());

        h.Time.Advance(h.Options.RateLimit.SamePassageCooldown);
        await h.Interactions.HandleAsync(BotHarness.Slash("ask", "When, again?", userId: "u3"), default);
        Assert.Equal(["callback", "edit"], h.Take().Select(c => c.Kind).ToArray());
    }

    [Fact]
    public async Task A_failing_answer_service_edits_in_an_apology_rather_than_leaving_the_deferral_hanging()
    {
        var h = new BotHarness();
        h.Answers.Setup(a => a.AskAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("boom"));
        await h.Interactions.HandleAsync(BotHarness.Slash("ask", "Q?"), default);
        var calls = h.Take();
        Assert.Equal("edit", calls[1].Kind);
        Assert.StartsWith("Something went wrong", calls[1].Json.GetProperty("content").GetString());
    }

    [Fact]
    public async Task Sources_lists_the_sources_privately_at_once()
    {
        var h = new BotHarness();
        await h.Interactions.HandleAsync(BotHarness.Slash("sources"), default);
        var call = Assert.Single(h.Take());
        Assert.Equal(InteractionCallbackType.ChannelMessageWithSource, Callback(call).Type);
        Assert.Contains(TestData.Cohen.ToString(), call.Json.GetProperty("data").GetProperty("embeds")[0].GetProperty("description").GetString());
    }

    [Fact]
    public async Task About_shows_version_knowledge_hash_and_model_hash()
    {
        var h = new BotHarness();
        await h.Interactions.HandleAsync(BotHarness.Slash("about"), default);
        var text = Assert.Single(h.Take()).Json.GetProperty("data").GetProperty("embeds")[0].GetRawText();
        Assert.Contains("knowledge-hash", text);
        Assert.Contains("model-hash", text);
        Assert.Contains("0.1.0", text);
    }

    [Fact]
    public async Task Thumbs_up_stores_question_passage_and_user_and_thanks_privately()
    {
        var h = new BotHarness();
        var key = await h.RememberAsync(TestData.Answered(question: "Why?"));
        await h.Interactions.HandleAsync(BotHarness.Button($"sb:up:{key}", userId: "voter"), default);
        h.Feedback.Verify(f => f.RecordAsync("Why?", "001#p4", "voter", FeedbackVote.Up, It.IsAny<CancellationToken>()), Times.Once);
        var call = Assert.Single(h.Take());
        Assert.Equal(64, call.Json.GetProperty("data").GetProperty("flags").GetInt32());
        Assert.Contains("👍", call.Json.GetProperty("data").GetProperty("content").GetString());
    }

    [Fact]
    public async Task Thumbs_down_stores_a_down_vote()
    {
        var h = new BotHarness();
        var key = await h.RememberAsync(TestData.Answered(question: "Why?"));
        await h.Interactions.HandleAsync(BotHarness.Button($"sb:dn:{key}", userId: "voter"), default);
        h.Feedback.Verify(f => f.RecordAsync("Why?", "001#p4", "voter", FeedbackVote.Down, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Feedback_on_an_expired_answer_says_it_has_expired_and_stores_nothing()
    {
        var h = new BotHarness(o => o.AnswerCacheLifetime = TimeSpan.FromMinutes(10));
        var key = await h.RememberAsync(TestData.Answered());
        h.Time.Advance(TimeSpan.FromMinutes(11));
        await h.Interactions.HandleAsync(BotHarness.Button($"sb:up:{key}"), default);
        var call = Assert.Single(h.Take());
        Assert.Equal("This answer has expired, ask again.", call.Json.GetProperty("data").GetProperty("content").GetString());
        Assert.Equal(64, call.Json.GetProperty("data").GetProperty("flags").GetInt32());
        h.Feedback.Verify(f => f.RecordAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<FeedbackVote>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Other_matches_lists_the_alternatives_privately_with_read_buttons()
    {
        var h = new BotHarness();
        var key = await h.RememberAsync(TestData.Answered());
        await h.Interactions.HandleAsync(BotHarness.Button($"sb:om:{key}"), default);
        var data = Assert.Single(h.Take()).Json.GetProperty("data");
        Assert.Equal(64, data.GetProperty("flags").GetInt32());
        Assert.Contains("party to the Refugee Convention since 1982", data.GetProperty("embeds")[0].GetProperty("description").GetString());
        Assert.Equal("sb:ra:002#p7", data.GetProperty("components")[0].GetProperty("components")[0].GetProperty("custom_id").GetString());
    }

    [Fact]
    public async Task Cite_answers_privately_with_apa_mla_and_chicago()
    {
        var h = new BotHarness();
        await h.Interactions.HandleAsync(BotHarness.Button("sb:ct:001#p4"), default);
        var data = Assert.Single(h.Take()).Json.GetProperty("data");
        var fields = data.GetProperty("embeds")[0].GetProperty("fields");
        Assert.Equal("APA", fields[0].GetProperty("name").GetString());
        Assert.Contains(TestData.Cohen.Format(Core.Answers.CitationStyle.Apa), fields[0].GetProperty("value").GetString());
        Assert.Contains(TestData.Cohen.Format(Core.Answers.CitationStyle.Mla), fields[1].GetProperty("value").GetString());
        Assert.Contains(TestData.Cohen.Format(Core.Answers.CitationStyle.Chicago), fields[2].GetProperty("value").GetString());
    }

    [Fact]
    public async Task Read_around_opens_the_passage_privately_with_prev_and_next()
    {
        var h = new BotHarness();
        await h.Interactions.HandleAsync(BotHarness.Button("sb:ra:001#p4"), default);
        var calls = h.Take();
        Assert.Equal(["callback", "edit"], calls.Select(c => c.Kind).ToArray());
        Assert.Equal(5, calls[0].Json.GetProperty("type").GetInt32());
        Assert.Equal(64, calls[0].Json.GetProperty("data").GetProperty("flags").GetInt32());
        var buttons = calls[1].Json.GetProperty("components")[0].GetProperty("components");
        Assert.Equal("sb:pg:001#p3", buttons[0].GetProperty("custom_id").GetString());
        Assert.Equal("sb:pg:001#p5", buttons[1].GetProperty("custom_id").GetString());
        h.Answers.Verify(a => a.GetPassage("001#p4"), Times.Once);
    }

    [Fact]
    public async Task Next_on_a_page_defers_an_update_type_6_and_edits_the_page_to_the_next_passage()
    {
        var h = new BotHarness();
        await h.Interactions.HandleAsync(BotHarness.Button("sb:pg:001#p5", onPrivateMessage: true), default);
        var calls = h.Take();
        Assert.Equal(6, calls[0].Json.GetProperty("type").GetInt32());
        Assert.Equal("edit", calls[1].Kind);
        Assert.Contains("001#p5", calls[1].Json.GetProperty("embeds")[0].GetProperty("footer").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Read_around_a_passage_that_is_gone_says_so_privately_and_opens_nothing()
    {
        var h = new BotHarness();
        await h.Interactions.HandleAsync(BotHarness.Button("sb:ra:999#p1"), default);
        var call = Assert.Single(h.Take());
        Assert.Equal(InteractionCallbackType.ChannelMessageWithSource, Callback(call).Type);
        Assert.Equal(64, call.Json.GetProperty("data").GetProperty("flags").GetInt32());
        Assert.Equal("That passage is no longer in the sources.", call.Json.GetProperty("data").GetProperty("content").GetString());
    }

    [Fact]
    public async Task Share_posts_the_private_answer_publicly_without_a_share_button()
    {
        var h = new BotHarness();
        var key = await h.RememberAsync(TestData.Answered());
        await h.Interactions.HandleAsync(BotHarness.Button($"sb:sh:{key}", onPrivateMessage: true), default);
        var json = Assert.Single(h.Take()).Json;
        Assert.Equal(4, json.GetProperty("type").GetInt32());
        var data = json.GetProperty("data");
        Assert.False(data.TryGetProperty("flags", out _));
        Assert.DoesNotContain("Share to channel", data.GetProperty("components").GetRawText());
        Assert.Equal(0, data.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
    }

    [Fact]
    public async Task Rephrase_opens_a_modal_prefilled_with_the_question_and_its_submission_is_answered()
    {
        var h = new BotHarness();
        var key = await h.RememberAsync(TestData.NotCovered("capital of France?"));
        await h.Interactions.HandleAsync(BotHarness.Button($"sb:rq:{key}", onPrivateMessage: true), default);
        var modal = Assert.Single(h.Take()).Json;
        Assert.Equal(9, modal.GetProperty("type").GetInt32());
        Assert.Equal("sb:mq:e", modal.GetProperty("data").GetProperty("custom_id").GetString());
        Assert.Equal("capital of France?", modal.GetProperty("data").GetProperty("components")[0].GetProperty("component").GetProperty("value").GetString());

        await h.Interactions.HandleAsync(BotHarness.ModalSubmit("sb:mq:e", "When did China join the convention?"), default);
        var calls = h.Take();
        Assert.Equal(64, calls[0].Json.GetProperty("data").GetProperty("flags").GetInt32());
        h.Answers.Verify(a => a.AskAsync("When did China join the convention?", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Ask_sourcebot_on_a_message_answers_its_text_as_a_reply_to_it()
    {
        var h = new BotHarness();
        await h.Interactions.HandleAsync(BotHarness.MessageCommand("target-1", "<@42> why are they sent back?"), default);
        var calls = h.Take();
        Assert.Equal(["callback", "message", "edit"], calls.Select(c => c.Kind).ToArray());
        Assert.Equal(64, calls[0].Json.GetProperty("data").GetProperty("flags").GetInt32());
        Assert.Equal("c1", calls[1].Target);
        var reply = calls[1].Json;
        Assert.Equal("target-1", reply.GetProperty("message_reference").GetProperty("message_id").GetString());
        Assert.False(reply.GetProperty("allowed_mentions").GetProperty("replied_user").GetBoolean());
        Assert.StartsWith("Answered in the channel: https://discord.com/channels/" + BotHarness.Guild + "/c1/", calls[2].Json.GetProperty("content").GetString());
        h.Answers.Verify(a => a.AskAsync("why are they sent back?", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Ask_sourcebot_on_a_message_without_text_asks_for_the_question_in_a_modal_then_replies_to_it()
    {
        var h = new BotHarness();
        await h.Interactions.HandleAsync(BotHarness.MessageCommand("target-2", ""), default);
        var modal = Assert.Single(h.Take()).Json;
        Assert.Equal(9, modal.GetProperty("type").GetInt32());
        var customId = modal.GetProperty("data").GetProperty("custom_id").GetString()!;
        Assert.Equal("sb:mm:c1/target-2", customId);

        await h.Interactions.HandleAsync(BotHarness.ModalSubmit(customId, "What is this chart about?"), default);
        var reply = h.Take().Single(c => c.Kind == "message");
        Assert.Equal("target-2", reply.Json.GetProperty("message_reference").GetProperty("message_id").GetString());
    }

    [Fact]
    public async Task An_unknown_button_says_it_no_longer_works()
    {
        var h = new BotHarness();
        await h.Interactions.HandleAsync(BotHarness.Button("legacy-button"), default);
        Assert.Contains("no longer works", Assert.Single(h.Take()).Json.GetProperty("data").GetProperty("content").GetString());
    }
}
