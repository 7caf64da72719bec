using Microsoft.Data.Sqlite;
using Moq;
using SourceBot.Core.Answers;
using SourceBot.Core.Feedback;
using SourceBot.Discord.Bot;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Interactions;
using SourceBot.Discord.Tests.Support;

namespace SourceBot.Discord.Tests.Interactions;

/// <summary>
/// A failure while handling an interaction is logged and told to the user privately, in the way that still works at that
/// point, instead of leaving them with Discord's "This interaction failed".
/// </summary>
public sealed class InteractionFailureTests
{
    private static void AssertPrivateApology(RestCall call)
    {
        Assert.Equal("callback", call.Kind);
        Assert.Equal(InteractionCallbackType.ChannelMessageWithSource, Assert.IsType<InteractionResponse>(call.Body).Type);
        Assert.Equal(64, call.Json.GetProperty("data").GetProperty("flags").GetInt32());
        Assert.Equal(InteractionRouter.FailedText, call.Json.GetProperty("data").GetProperty("content").GetString());
    }

    /// <summary>The interaction's callback of <paramref name="callbackType"/>, then a private follow-up saying <paramref name="text"/>.</summary>
    private static void AssertCallbackThenPrivateFollowUp(RestCall[] calls, InteractionCallbackType callbackType, string text)
    {
        Assert.Equal(["callback", "followup"], calls.Select(c => c.Kind).ToArray());
        Assert.Equal(callbackType, Assert.IsType<InteractionResponse>(calls[0].Body).Type);
        Assert.Equal(64, calls[1].Json.GetProperty("flags").GetInt32());
        Assert.Equal(text, calls[1].Json.GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_vote_is_thanked_before_it_is_stored()
    {
        var h = new BotHarness();
        int callsWhenStored = -1;
        h.Feedback.Setup(f => f.RecordAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<FeedbackVote>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string q, string p, string u, FeedbackVote v, CancellationToken _) =>
            {
                callsWhenStored = h.Calls.Count;
                return new FeedbackEntry(q, p, u, v, h.Time.GetUtcNow());
            });
        var key = await h.RememberAsync(TestData.Answered());

        await h.Interactions.HandleAsync(BotHarness.Button($"sb:up:{key}"), default);

        Assert.Equal(1, callsWhenStored); // the thanks (the 3-second callback) had gone out when the database was written
        var call = Assert.Single(h.Take());
        Assert.Equal(InteractionCallbackType.ChannelMessageWithSource, Assert.IsType<InteractionResponse>(call.Body).Type);
    }

    [Fact]
    public async Task A_vote_the_database_cannot_store_after_the_thanks_gets_a_private_follow_up()
    {
        var h = new BotHarness();
        h.Feedback.Setup(f => f.RecordAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<FeedbackVote>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new SqliteException("SQLite Error 5: 'database is locked'.", 5));
        var key = await h.RememberAsync(TestData.Answered());

        await h.Interactions.HandleAsync(BotHarness.Button($"sb:up:{key}"), default);

        AssertCallbackThenPrivateFollowUp(h.Take(), InteractionCallbackType.ChannelMessageWithSource, InteractionHandler.VoteNotRecordedText);
    }

    [Fact]
    public async Task A_vote_whose_voter_is_unknown_is_refused_privately_and_not_stored()
    {
        var h = new BotHarness();
        var key = await h.RememberAsync(TestData.Answered());

        await h.Interactions.HandleAsync(BotHarness.Button($"sb:dn:{key}") with { Member = null, User = null }, default);

        var call = Assert.Single(h.Take());
        Assert.Equal(64, call.Json.GetProperty("data").GetProperty("flags").GetInt32());
        Assert.Equal(InteractionHandler.UnknownVoterText, call.Json.GetProperty("data").GetProperty("content").GetString());
        h.Feedback.Verify(f => f.RecordAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<FeedbackVote>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task An_unknown_application_id_gets_a_private_apology_instead_of_an_exception()
    {
        var h = new BotHarness(o => o.ApplicationId = null);
        h.Session.ApplicationId = null;

        await h.Interactions.HandleAsync(BotHarness.Button("sb:ra:001#p4") with { ApplicationId = null }, default);

        AssertPrivateApology(Assert.Single(h.Take()));
    }

    [Fact]
    public async Task A_failure_after_deferring_replaces_the_thinking_placeholder_with_an_apology()
    {
        var h = new BotHarness();
        var edits = FirstEditFails(h, new HttpRequestException("connection reset"));

        await h.Interactions.HandleAsync(BotHarness.Button("sb:ra:001#p4"), default);

        var callback = Assert.Single(h.Take());
        Assert.Equal(InteractionCallbackType.DeferredChannelMessageWithSource, Assert.IsType<InteractionResponse>(callback.Body).Type);
        Assert.Equal(2, edits.Count);
        Assert.Equal(InteractionRouter.FailedText, edits[1].Content);
    }

    [Fact]
    public async Task A_failure_after_a_silent_acknowledgement_sends_a_private_follow_up_and_leaves_the_page_as_it_was()
    {
        var h = new BotHarness();
        var edits = FirstEditFails(h, new HttpRequestException("connection reset"));

        await h.Interactions.HandleAsync(BotHarness.Button("sb:pg:001#p5", onPrivateMessage: true), default);

        AssertCallbackThenPrivateFollowUp(h.Take(), InteractionCallbackType.DeferredUpdateMessage, InteractionRouter.FailedText);
        Assert.Single(edits); // the page's edit only: the apology is a follow-up
    }

    [Fact]
    public async Task A_failure_after_the_answer_was_delivered_leaves_the_answer_in_place()
    {
        var h = new BotHarness();
        h.Answers.Setup(a => a.AskAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string q, CancellationToken _) => Answer.NoAnswer(q, AnswerOutcome.NotCovered, "None of its words appear in the sources.", []));
        // The moderator's "Teach" offer after a no-answer cannot be sent.
        h.Rest.Setup(r => r.CreateFollowupMessageAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<MessagePayload>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("connection reset"));

        await h.Interactions.HandleAsync(BotHarness.Slash("ask", "What about tea?", roles: BotHarness.ModeratorRoles), default);

        var calls = h.Take();
        Assert.Equal(["callback", "edit"], calls.Select(c => c.Kind).ToArray());
        Assert.Equal("What about tea?", calls[1].Json.GetProperty("embeds")[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_failure_in_a_moderator_command_after_deferring_replaces_the_placeholder_with_an_apology()
    {
        // The first edit (the /kb result) fails on the network after the retries; the apology goes through.
        await AssertKbHistoryResultFailureIsReplacedByAnApology(new HttpRequestException("connection reset"));
    }

    [Fact]
    public async Task A_cancellation_on_shutdown_is_not_reported_to_the_user()
    {
        var h = new BotHarness();
        using var shutdown = new CancellationTokenSource();
        h.Feedback.Setup(f => f.RecordAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<FeedbackVote>(), It.IsAny<CancellationToken>()))
            .Returns(async (string _, string _, string _, FeedbackVote _, CancellationToken ct) =>
            {
                await shutdown.CancelAsync();
                ct.ThrowIfCancellationRequested();
                return new FeedbackEntry("q", "p", "u", FeedbackVote.Up, DateTimeOffset.UnixEpoch);
            });
        var key = await h.RememberAsync(TestData.Answered());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Interactions.HandleAsync(BotHarness.Button($"sb:up:{key}"), shutdown.Token));

        Assert.Equal(["callback"], h.Take().Select(c => c.Kind).ToArray()); // the thanks only: no apology, no follow-up
    }

    // ---- Discord refusing a call after the initial callback (DiscordHttpException) ----

    private static DiscordHttpException Refused(System.Net.HttpStatusCode status, int code, string message) =>
        new(status, code, message, "PATCH /webhooks/{application_id}/{interaction_token}/messages/@original");

    /// <summary>The first edit of @original throws <paramref name="error"/>; later edits go through. Returns the edits tried.</summary>
    private static List<MessagePayload> FirstEditFails(BotHarness h, Exception error)
    {
        var edits = new List<MessagePayload>();
        h.Rest.Setup(r => r.EditOriginalResponseAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<MessagePayload>(), It.IsAny<CancellationToken>()))
            .Returns((string _, string _, MessagePayload m, CancellationToken _) =>
            {
                lock (edits) edits.Add(m);
                return edits.Count == 1 ? Task.FromException<DiscordMessage>(error) : Task.FromResult(new DiscordMessage { Id = "1" });
            });
        return edits;
    }

    [Fact]
    public async Task An_answer_discord_refuses_as_an_invalid_form_body_after_deferring_is_replaced_by_an_apology()
    {
        var h = new BotHarness();
        var edits = FirstEditFails(h, Refused(System.Net.HttpStatusCode.BadRequest, 50035, "Invalid Form Body"));

        await h.Interactions.HandleAsync(BotHarness.Slash("ask", "What is virtue?"), default);

        var callback = Assert.Single(h.Take());
        Assert.Equal(InteractionCallbackType.DeferredChannelMessageWithSource, Assert.IsType<InteractionResponse>(callback.Body).Type);
        Assert.Equal(2, edits.Count);
        Assert.Equal(InteractionRouter.FailedText, edits[1].Content);
    }

    [Fact]
    public async Task A_404_on_the_edit_after_a_silent_acknowledgement_sends_a_private_apology_follow_up()
    {
        var h = new BotHarness();
        var edits = FirstEditFails(h, Refused(System.Net.HttpStatusCode.NotFound, 10008, "Unknown Message"));

        await h.Interactions.HandleAsync(BotHarness.Button("sb:pg:001#p5", onPrivateMessage: true), default);

        AssertCallbackThenPrivateFollowUp(h.Take(), InteractionCallbackType.DeferredUpdateMessage, InteractionRouter.FailedText);
        Assert.Single(edits);
    }

    [Theory]
    [InlineData(System.Net.HttpStatusCode.Unauthorized, 50027, "Invalid Webhook Token")]
    [InlineData(System.Net.HttpStatusCode.NotFound, 10062, "Unknown interaction")]
    [InlineData(System.Net.HttpStatusCode.NotFound, 10015, "Unknown Webhook")]
    public async Task No_apology_is_attempted_when_discord_says_the_interaction_token_is_gone(System.Net.HttpStatusCode status, int code, string message)
    {
        var h = new BotHarness();
        var edits = FirstEditFails(h, Refused(status, code, message));

        await h.Interactions.HandleAsync(BotHarness.Slash("ask", "What is virtue?"), default);

        Assert.Single(edits); // the answer only, no apology edit
        var callback = Assert.Single(h.Take()); // and no follow-up
        Assert.Equal("callback", callback.Kind);
    }

    [Fact]
    public async Task A_refused_initial_callback_is_only_logged()
    {
        var h = new BotHarness();
        h.Rest.Setup(r => r.CreateInteractionResponseAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<InteractionResponse>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new DiscordHttpException(System.Net.HttpStatusCode.BadRequest, 50035, "Invalid Form Body", "POST /interactions/{interaction_id}/{interaction_token}/callback"));

        await h.Interactions.HandleAsync(BotHarness.Slash("sources"), default);

        Assert.Empty(h.Take());
        h.Rest.Verify(r => r.CreateInteractionResponseAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<InteractionResponse>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_moderator_result_discord_refuses_after_deferring_is_replaced_by_an_apology()
    {
        await AssertKbHistoryResultFailureIsReplacedByAnApology(Refused(System.Net.HttpStatusCode.BadRequest, 50035, "Invalid Form Body"));
    }

    /// <summary>/kb history is deferred, its result's edit fails with <paramref name="error"/>, and the apology is edited in instead.</summary>
    private static async Task AssertKbHistoryResultFailureIsReplacedByAnApology(Exception error)
    {
        var h = new BotHarness();
        var edits = FirstEditFails(h, error);
        h.Knowledge.Setup(k => k.ListHistoryAsync(It.IsAny<CancellationToken>())).ReturnsAsync([]);
        h.Knowledge.Setup(k => k.LiveVersionAsync(It.IsAny<CancellationToken>())).ReturnsAsync((int?)null);

        await h.Interactions.HandleAsync(BotHarness.Kb("history", roles: BotHarness.ModeratorRoles), default);

        var callback = Assert.Single(h.Take());
        Assert.Equal(InteractionCallbackType.DeferredChannelMessageWithSource, Assert.IsType<InteractionResponse>(callback.Body).Type);
        Assert.Equal(2, edits.Count);
        Assert.Equal(InteractionRouter.FailedText, edits[1].Content);
    }

    [Fact]
    public async Task A_callback_given_up_past_the_three_second_window_gets_no_apology_attempt()
    {
        var h = new BotHarness();
        h.Rest.Setup(r => r.CreateInteractionResponseAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<InteractionResponse>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InteractionCallbackExpiredException("123", TimeSpan.FromSeconds(2.1), new TimeoutException("Discord did not answer")));

        await h.Interactions.HandleAsync(BotHarness.Slash("sources"), default);

        // One attempt (the /sources reply); no apology callback, which would only get 10062 Unknown interaction.
        h.Rest.Verify(r => r.CreateInteractionResponseAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<InteractionResponse>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Empty(h.Take());
    }
}
