using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SourceBot.Core.Answers;
using SourceBot.Core.Engine;
using SourceBot.Core.Feedback;
using SourceBot.Core.Libraries;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Interactions;
using SourceBot.Discord.Rendering;

namespace SourceBot.Discord.Bot;

/// <summary>
/// The answers' interactions, as <see cref="InteractionRouter"/> hands them over: /ask, /sources, /about, the "Ask SourceBot"
/// message command, the answer buttons (reading, paging, citing, other matches, votes, sharing, rephrasing) and the question forms.
/// Slow work is deferred first (callback 5, or 6 for buttons that edit their own message) so Discord's 3-second deadline is met,
/// then the response is edited in with PATCH …/messages/@original or sent as a follow-up. A button whose response needs a read
/// that does not finish at once (recent answers, the server's library, from a database) is deferred before it waits for the
/// read (<see cref="InteractionContext.DeferWhilePendingAsync{T}"/>). Questions are answered after their
/// deferral, at most <see cref="AnswerSlots.Limit"/> at a time, oldest first, so a burst of answers never holds up the deferrals
/// of the questions read after them. Moderators are offered what <see cref="ITeachingOffer"/> gives; every answered question is
/// logged by <see cref="QuestionRecorder"/>. Questions, sources and passages come from the library of the server the interaction
/// is in (<see cref="ILibraryAnswers"/>; a DM uses the default one).
/// </summary>
public sealed class InteractionHandler
{
    public const string VoteNotRecordedText = "Sorry, your vote could not be recorded after all. Please try again in a moment.";
    public const string UnknownVoterText = "I couldn't tell who pressed that, so the vote was not recorded. Please try again.";
    public const string AnswerFailedText = "Something went wrong while answering that. Please try again in a moment.";
    public const string OtherChannelFormText = "That form belongs to another channel; use \"Ask SourceBot\" on the message again.";
    private const string PassageGoneText = "That passage is no longer in the sources.";

    private readonly IDiscordRestClient _rest;
    private readonly ILibraryAnswers _libraries;
    private readonly IFeedbackStore _feedback;
    private readonly RecentAnswers _recent;
    private readonly NoiseControl _noise;
    private readonly DiscordOptions _options;
    private readonly ILogger _logger;
    private readonly ITeachingOffer? _teaching;
    private readonly QuestionRecorder? _questions;
    private readonly AnswerSlots _slots;
    private readonly ILibraryFeedback? _libraryFeedback;

    public InteractionHandler(IDiscordRestClient rest, ILibraryAnswers libraries, IFeedbackStore feedback, RecentAnswers recent, NoiseControl noise,
        AnswerSlots slots, IOptions<DiscordOptions> options, ILogger<InteractionHandler> logger, ITeachingOffer? teaching = null, QuestionRecorder? questions = null,
        ILibraryFeedback? libraryFeedback = null)
    {
        _libraryFeedback = libraryFeedback;
        _slots = slots;
        _teaching = teaching;
        _questions = questions;
        _rest = rest;
        _libraries = libraries;
        _feedback = feedback;
        _recent = recent;
        _noise = noise;
        _options = options.Value;
        _logger = logger;
    }

    // ---- application commands ----

    /// <summary>/ask, /sources, /about, and a command the bot no longer has.</summary>
    internal async Task SlashCommandAsync(InteractionContext context, CancellationToken ct)
    {
        switch (context.Interaction.Data?.Name)
        {
            case Commands.Ask:
            {
                var question = InteractionReplies.StringOption(context.Interaction.Data?.Options, Commands.QuestionOption) ?? "";
                var ephemeral = InteractionReplies.BoolOption(context.Interaction.Data?.Options, Commands.EphemeralOption) ?? _options.EphemeralByDefault;
                await AskAsync(context, question, ephemeral, ct).ConfigureAwait(false);
                break;
            }
            case Commands.Sources:
                await RespondFromLibraryAsync(context, answers => AnswerRenderer.RenderSources(answers.Sources), ct).ConfigureAwait(false);
                break;
            case Commands.About:
                await RespondFromLibraryAsync(context, answers => AnswerRenderer.RenderAbout(answers.Info, DiscordRestClient.Version), ct).ConfigureAwait(false);
                break;
            default:
                await context.RespondAsync(AnswerRenderer.Note("I don't know that command (any more).", ephemeral: true), ct).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// Responds with what <paramref name="render"/> makes of the server's library. A library not yet open is loaded first, which
    /// can take longer than Discord's 3 seconds: then the response is deferred and edited in.
    /// </summary>
    private async Task RespondFromLibraryAsync(InteractionContext context, Func<IAnswerService, MessagePayload> render, CancellationToken ct)
    {
        var opening = AnswersOfAsync(context, ct);
        if (opening.IsCompleted)
        {
            await context.RespondAsync(render(await opening.ConfigureAwait(false)), ct).ConfigureAwait(false);
            return;
        }
        context.ThrowIfApplicationIdUnknown(); // before deferring: without it the placeholder could not be replaced
        await context.DeferAsync(ephemeral: true, ct).ConfigureAwait(false); // /sources and /about reply privately
        await context.EditOriginalAsync(render(await opening.ConfigureAwait(false)), ct).ConfigureAwait(false);
    }

    /// <summary>/ask and rephrase: check place and rate, defer (privately or not), ask, edit the answer in.</summary>
    private async Task AskAsync(InteractionContext context, string question, bool ephemeral, CancellationToken ct)
    {
        if (!await CheckPlaceAndRateAsync(context, ct).ConfigureAwait(false)) return;
        context.ThrowIfApplicationIdUnknown(); // before deferring: without it the placeholder could not be replaced
        await context.DeferAsync(ephemeral, ct).ConfigureAwait(false);

        using var slot = await _slots.EnterAsync(ct).ConfigureAwait(false);
        var (answer, library) = await AskServiceAsync(context, question, ct).ConfigureAwait(false);
        if (answer is null)
        {
            await context.EditOriginalAsync(AnswerRenderer.Note(AnswerFailedText), ct).ConfigureAwait(false);
            return;
        }
        var channel = context.Interaction.ChannelId ?? "";
        if (!ephemeral && answer.Answered && answer.PassageId is { } passageId && _noise.Cooldown.IsCoolingDown(channel, passageId, out var link))
        {
            // Not a repeat in the channel: drop the public placeholder and tell the asker privately.
            await context.DeleteOriginalAsync(ct).ConfigureAwait(false);
            await context.FollowUpAsync(
                AnswerRenderer.Note(PassageCooldown.JustAnsweredText(link), ephemeral: true), ct).ConfigureAwait(false);
            return;
        }
        var key = await _recent.AddAsync(library, answer, AnswerOrigin.Of(context.Interaction, isPrivate: ephemeral), ct).ConfigureAwait(false);
        var aliases = await _recent.AliasesForAsync(AnswerRenderer.AnswerButtonArguments(answer), ct).ConfigureAwait(false);
        var sent = await context.EditOriginalAsync(AnswerRenderer.RenderAnswer(answer, key, isPrivate: ephemeral, aliases), ct).ConfigureAwait(false);
        if (!ephemeral && answer.Answered && answer.PassageId is not null)
            _noise.Cooldown.Record(channel, answer.PassageId, sent?.Id is { } id ? MessageText.Link(context.Interaction.GuildId, channel, id) : null);
        await OfferTeachingAsync(context, answer, key, ct).ConfigureAwait(false);
        _logger.LogInformation("Answered /ask in channel {ChannelId} with {Outcome} (passage {PassageId}, score {Score:0.00}, private: {Ephemeral})",
            context.Interaction.ChannelId, answer.Outcome, answer.PassageId, answer.Score, ephemeral);
    }

    /// <summary>"Ask SourceBot" on a message: answer its text as a reply to it.</summary>
    internal async Task MessageCommandAsync(InteractionContext context, CancellationToken ct)
    {
        var data = context.Interaction.Data!;
        DiscordMessage? target = null;
        if (data.TargetId is { } targetId) data.Resolved?.Messages?.TryGetValue(targetId, out target);
        if (target is null)
        {
            await context.RespondAsync(AnswerRenderer.Note("I couldn't read that message.", ephemeral: true), ct).ConfigureAwait(false);
            return;
        }
        var question = MessageText.StripMentions(target.Content);
        if (question.Length == 0)
        {
            // No text to ask about (an embed or an image): ask for the question in a modal, then reply to the message.
            var modal = AnswerRenderer.QuestionModal(await CustomIds.EncodeAsync(BotAction.MessageQuestionSubmit, $"{context.Interaction.ChannelId}/{target.Id}", _recent, ct).ConfigureAwait(false),
                "Ask SourceBot about this message", null);
            await context.ShowModalAsync(modal, ct).ConfigureAwait(false);
            return;
        }
        await AnswerAsReplyAsync(context, context.Interaction.ChannelId ?? target.ChannelId ?? "", target.Id, question, ct).ConfigureAwait(false);
    }

    private async Task AnswerAsReplyAsync(InteractionContext context, string channelId, string messageId, string question, CancellationToken ct)
    {
        if (!await CheckPlaceAndRateAsync(context, ct).ConfigureAwait(false)) return;
        // The whole text goes to the answer service: it refuses a question that is too long with a reason, rather than
        // answering a silently cut one. What is echoed back (the embed title, the rephrase form) is cut to Discord's limits.
        context.ThrowIfApplicationIdUnknown(); // before deferring: without it the placeholder could not be replaced
        await context.DeferAsync(ephemeral: true, ct).ConfigureAwait(false);
        using var slot = await _slots.EnterAsync(ct).ConfigureAwait(false);
        var (answer, library) = await AskServiceAsync(context, question, ct).ConfigureAwait(false);
        if (answer is null)
        {
            await context.EditOriginalAsync(AnswerRenderer.Note(AnswerFailedText), ct).ConfigureAwait(false);
            return;
        }
        if (answer.Answered && answer.PassageId is { } passageId && _noise.Cooldown.IsCoolingDown(channelId, passageId, out var link))
        {
            await context.EditOriginalAsync(AnswerRenderer.Note(PassageCooldown.JustAnsweredText(link)), ct).ConfigureAwait(false);
            return;
        }
        var key = await _recent.AddAsync(library, answer, AnswerOrigin.Of(context.Interaction, isPrivate: false), ct).ConfigureAwait(false);
        var aliases = await _recent.AliasesForAsync(AnswerRenderer.AnswerButtonArguments(answer), ct).ConfigureAwait(false);
        var replyTo = new MessageReference { MessageId = messageId, ChannelId = channelId, GuildId = context.Interaction.GuildId, FailIfNotExists = false };
        if (await TryReplyInChannelAsync(channelId, context.Interaction.GuildId, AnswerRenderer.RenderAnswer(answer, key, isPrivate: false, aliases, replyTo), ct).ConfigureAwait(false) is { } sentLink)
        {
            if (answer.Answered && answer.PassageId is not null) _noise.Cooldown.Record(channelId, answer.PassageId, sentLink);
            await context.EditOriginalAsync(AnswerRenderer.Note($"Answered in the channel: {sentLink}"), ct).ConfigureAwait(false);
        }
        else
        {
            // The bot may not post there: answer privately instead.
            await context.EditOriginalAsync(AnswerRenderer.RenderAnswer(answer, key, isPrivate: false, aliases), ct).ConfigureAwait(false);
        }
        await OfferTeachingAsync(context, answer, key, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Posts the reply in the channel and returns its link; null, without posting, when Discord refused the bot there lately,
    /// and null when it refuses now (403: noted, so the channel is left alone for a while) or the channel is gone or a DM the
    /// bot is not part of (404).
    /// </summary>
    private async Task<string?> TryReplyInChannelAsync(string channelId, string? guildId, MessagePayload reply, CancellationToken ct)
    {
        if (_noise.Forbidden.IsForbidden(channelId)) return null;
        try
        {
            var sent = await _rest.CreateMessageAsync(channelId, reply, ct).ConfigureAwait(false);
            return MessageText.Link(guildId, channelId, sent.Id);
        }
        catch (DiscordHttpException e) when (e.StatusCode is System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.NotFound)
        {
            if (ForbiddenChannels.IsForbidden(e)) _noise.Forbidden.Forbid(channelId, e);
            _logger.LogInformation("Could not reply in channel {ChannelId} ({DiscordCode}); answering privately", channelId, e.DiscordCode);
            return null;
        }
    }

    // ---- buttons ----

    /// <summary>An answer button, its press already taken from the allowance; <paramref name="argument"/> is null when its alias expired.</summary>
    internal async Task ComponentAsync(InteractionContext context, BotAction action, string? argument, CancellationToken ct)
    {
        switch (action)
        {
            case BotAction.ReadAround or BotAction.Page when argument is not null:
            {
                // "Read around" opens the passage in a private reply; a page button turns the page of the private page it is on.
                // A page button on any other message (only a forged one can be there) opens a private page too, rather than
                // replacing a message others see.
                var turnsPage = action == BotAction.Page && InteractionReplies.IsOnPrivateMessage(context.Interaction);
                // The passage id comes from a custom_id: it must name a passage before anything but an acknowledgement is sent.
                var answers = await context.DeferWhilePendingAsync(AnswersOfAsync(context, ct), turnsPage ? Acknowledgement.Silent : Acknowledgement.Private, ct).ConfigureAwait(false);
                var page = answers.GetPassage(argument);
                if (page is null)
                {
                    await context.RespondAsync(AnswerRenderer.Note(PassageGoneText, ephemeral: true), ct).ConfigureAwait(false);
                    break;
                }
                if (context.State == InteractionResponseState.None)
                {
                    if (turnsPage) await context.AcknowledgeAsync(ct).ConfigureAwait(false);
                    else await context.DeferAsync(ephemeral: true, ct).ConfigureAwait(false);
                }
                await context.EditOriginalAsync(AnswerRenderer.RenderPassage(page, await _recent.AliasesForAsync(AnswerRenderer.PassageButtonArguments(page), ct).ConfigureAwait(false)), ct).ConfigureAwait(false);
                break;
            }
            case BotAction.Cite when argument is not null:
            {
                var page = (await context.DeferWhilePendingAsync(AnswersOfAsync(context, ct), Acknowledgement.Private, ct).ConfigureAwait(false)).GetPassage(argument);
                await context.RespondAsync(page is null
                    ? AnswerRenderer.Note(PassageGoneText, ephemeral: true)
                    : AnswerRenderer.RenderCitations(page.Citation), ct).ConfigureAwait(false);
                break;
            }
            case BotAction.OtherMatches:
            {
                if (await FindAnswerAsync(context, argument, askerOnly: false, ct, Acknowledgement.Private).ConfigureAwait(false) is not { } recent) break;
                var aliases = await context.DeferWhilePendingAsync(_recent.AliasesForAsync(AnswerRenderer.AlternativesButtonArguments(recent.Answer), ct), Acknowledgement.Private, ct).ConfigureAwait(false);
                var answers = await context.DeferWhilePendingAsync(AnswersOfAsync(context, ct), Acknowledgement.Private, ct).ConfigureAwait(false);
                await context.RespondAsync(AnswerRenderer.RenderAlternatives(recent.Answer, answers.GetPassage, aliases), ct).ConfigureAwait(false);
                break;
            }
            case BotAction.VoteUp or BotAction.VoteDown:
            {
                if (await FindAnswerAsync(context, argument, askerOnly: false, ct, Acknowledgement.Private).ConfigureAwait(false) is not { } recent) break;
                if (recent.Answer.PassageId is null)
                {
                    await context.RespondAsync(AnswerRenderer.Note(InteractionReplies.ExpiredText, ephemeral: true), ct).ConfigureAwait(false);
                    break;
                }
                if (context.Interaction.Invoker?.Id is not { } userId)
                {
                    await context.RespondAsync(AnswerRenderer.Note(UnknownVoterText, ephemeral: true), ct).ConfigureAwait(false);
                    break;
                }
                var vote = action == BotAction.VoteUp ? FeedbackVote.Up : FeedbackVote.Down;
                var thanks = AnswerRenderer.Note(vote == FeedbackVote.Up ? "Thanks! Recorded 👍 for this answer." : "Thanks! Recorded 👎 for this answer.", ephemeral: true);
                if (vote == FeedbackVote.Down && _teaching?.OfferFor(context.Interaction, recent.Key) is { } teach)
                    thanks = thanks with { Content = thanks.Content + " Moderator: teach which passage answers it, or that none does:", Components = [teach] };
                // Respond first: SQLite may wait on a locked database, and Discord wants the response within 3 seconds.
                await context.RespondAsync(thanks, ct).ConfigureAwait(false);
                await RecordVoteAsync(context, recent, recent.Answer.PassageId, userId, vote, ct).ConfigureAwait(false);
                break;
            }
            case BotAction.Share:
            {
                // Only the asker shares their private answer, and only into the channel it was asked in: the response to this
                // interaction is the only message posted, and it goes to the interaction's own channel.
                if (await FindAnswerAsync(context, argument, askerOnly: true, ct).ConfigureAwait(false) is not { } recent) break;
                if (!_noise.IsAllowed(context.Interaction))
                {
                    await context.RespondAsync(AnswerRenderer.Note(NotHereText(context.Interaction), ephemeral: true), ct).ConfigureAwait(false);
                    break;
                }
                var channel = recent.Origin.ChannelId;
                if (recent.Answer.PassageId is { } passageId && _noise.Cooldown.IsCoolingDown(channel, passageId, out var link))
                {
                    await context.RespondAsync(AnswerRenderer.Note(PassageCooldown.JustAnsweredText(link), ephemeral: true), ct).ConfigureAwait(false);
                    break;
                }
                var aliases = await _recent.AliasesForAsync(AnswerRenderer.AnswerButtonArguments(recent.Answer), ct).ConfigureAwait(false);
                await context.RespondAsync(AnswerRenderer.RenderAnswer(recent.Answer, recent.Key, isPrivate: false, aliases), ct).ConfigureAwait(false);
                if (recent.Answer.Answered && recent.Answer.PassageId is not null) _noise.Cooldown.Record(channel, recent.Answer.PassageId, null);
                break;
            }
            case BotAction.Rephrase:
            {
                // An expired answer still opens an empty form; one given elsewhere (its question is not the presser's to see) does not.
                string? prefill = null;
                if (await _recent.FindAsync(argument, ct).ConfigureAwait(false) is not null)
                {
                    if (await FindAnswerAsync(context, argument, askerOnly: false, ct).ConfigureAwait(false) is not { } recent) break;
                    prefill = recent.Answer.Question;
                }
                bool wasPrivate = InteractionReplies.IsOnPrivateMessage(context.Interaction);
                var modal = AnswerRenderer.QuestionModal(await CustomIds.EncodeAsync(BotAction.RephraseSubmit, wasPrivate ? "e" : "p", _recent, ct).ConfigureAwait(false), "Ask again in other words", prefill);
                await context.ShowModalAsync(modal, ct).ConfigureAwait(false);
                break;
            }
            default:
                await context.RespondAsync(AnswerRenderer.Note(
                    action is BotAction.ReadAround or BotAction.Page ? InteractionReplies.ExpiredText : "This button no longer works; ask again.", ephemeral: true), ct).ConfigureAwait(false);
                break;
        }
    }

    private Task<RecentAnswer?> FindAnswerAsync(InteractionContext context, string? key, bool askerOnly, CancellationToken ct, Acknowledgement? whileReading = null) =>
        InteractionReplies.FindAnswerAsync(context, _recent, key, askerOnly, _logger, ct, whileReading);

    /// <summary>
    /// Stores a vote after the thanks went out; if that fails, the voter is told privately in a follow-up (the thanks is
    /// already delivered, so the general apology would not be sent).
    /// </summary>
    private async Task RecordVoteAsync(InteractionContext context, RecentAnswer recent, string passageId, string userId, FeedbackVote vote, CancellationToken ct)
    {
        var answer = recent.Answer;
        try
        {
            // With a library per server, the vote is kept with the library that gave the answer (even if the server has moved
            // to another library since), so one library's `kb gaps` never counts votes cast on another's passages.
            var feedback = _libraryFeedback is null ? _feedback : await _libraryFeedback.ForLibraryAsync(recent.LibraryId, ct).ConfigureAwait(false);
            if (feedback is not null) await feedback.RecordAsync(answer.Question, passageId, userId, vote, ct).ConfigureAwait(false);
            if (_questions is not null) await _questions.RecordVoteAsync(answer, context.Interaction.GuildId, vote, ct).ConfigureAwait(false);
            _logger.LogInformation("Feedback {Vote} on passage {PassageId}", vote, passageId);
        }
        catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            _logger.LogError(e, "Recording feedback {Vote} on passage {PassageId} failed", vote, passageId);
            try
            {
                await context.FollowUpAsync(AnswerRenderer.Note(VoteNotRecordedText, ephemeral: true), ct).ConfigureAwait(false);
            }
            catch (Exception report) when (!(report is OperationCanceledException && ct.IsCancellationRequested))
            {
                _logger.LogWarning("Could not tell the user that their vote on interaction {InteractionId} was not recorded: {Reason}", context.Interaction.Id, report.Message);
            }
        }
    }

    // ---- modals ----

    /// <summary>The "ask again in other words" form: answered privately when <paramref name="privately"/>.</summary>
    internal Task RephraseSubmittedAsync(InteractionContext context, bool privately, CancellationToken ct) =>
        AskAsync(context, SubmittedQuestion(context), privately, ct);

    /// <summary>The form asking about a message without text: the answer replies to message <paramref name="messageId"/> of <paramref name="channelId"/>.</summary>
    internal async Task MessageQuestionSubmittedAsync(InteractionContext context, string channelId, string messageId, CancellationToken ct)
    {
        // The channel comes from the form's custom_id: the reply goes only to the channel the form was submitted in.
        if (channelId != AnswerOrigin.ChannelOf(context.Interaction))
        {
            _logger.LogWarning("Refused a question form naming channel {FormChannelId} submitted by user {UserId} in channel {ChannelId}",
                channelId, context.Interaction.Invoker?.Id, AnswerOrigin.ChannelOf(context.Interaction));
            await context.RespondAsync(AnswerRenderer.Note(OtherChannelFormText, ephemeral: true), ct).ConfigureAwait(false);
            return;
        }
        await AnswerAsReplyAsync(context, channelId, messageId, SubmittedQuestion(context), ct).ConfigureAwait(false);
    }

    private static string SubmittedQuestion(InteractionContext context) =>
        MessageText.StripMentions(InteractionReplies.SubmittedValue(context.Interaction.Data?.Components, CustomIds.QuestionInput));

    // ---- helpers ----

    /// <summary>After a no-answer, a moderator privately gets a "Teach" button for the question (everyone else gets nothing more).</summary>
    private async Task OfferTeachingAsync(InteractionContext context, Answer answer, string key, CancellationToken ct)
    {
        if (answer.Answered || answer.Outcome == AnswerOutcome.EmptyQuestion || _teaching?.OfferFor(context.Interaction, key) is not { } teach) return;
        var offer = AnswerRenderer.Note("Moderator: the sources gave no answer to this. Teach which passage answers it, or that none does:", ephemeral: true);
        await context.FollowUpAsync(offer with { Components = [teach] }, ct).ConfigureAwait(false);
    }

    private async Task<bool> CheckPlaceAndRateAsync(InteractionContext context, CancellationToken ct)
    {
        if (!_noise.IsAllowed(context.Interaction))
        {
            await context.RespondAsync(AnswerRenderer.Note(NotHereText(context.Interaction), ephemeral: true), ct).ConfigureAwait(false);
            return false;
        }
        var userId = context.Interaction.Invoker?.Id ?? "unknown";
        if (!_noise.TryAsk(userId, out var retryAfter))
        {
            _logger.LogInformation("User {UserId} is over the question rate limit", userId);
            await context.RespondAsync(AnswerRenderer.Note(NoiseControl.SlowDown(retryAfter), ephemeral: true), ct).ConfigureAwait(false);
            return false;
        }
        return true;
    }

    private string NotHereText(DiscordInteraction interaction) =>
        interaction.GuildId is null
            ? "I don't answer in direct messages here; ask in the server."
            : "I only answer in " + string.Join(", ", _noise.AllowedChannels.Take(10).Select(id => $"<#{id}>")) + ".";

    /// <summary>The answers of the library the interaction's server uses (the default library in a DM).</summary>
    private Task<IAnswerService> AnswersOfAsync(InteractionContext context, CancellationToken ct) =>
        _libraries.ForServerAsync(context.Interaction.GuildId, ct);

    /// <summary>The answer of the server's library and that library's id; no answer when the service failed (logged).</summary>
    private async Task<(Answer? Answer, string Library)> AskServiceAsync(InteractionContext context, string question, CancellationToken ct)
    {
        try
        {
            var answers = await AnswersOfAsync(context, ct).ConfigureAwait(false);
            var answer = await answers.AskAsync(question, ct).ConfigureAwait(false);
            if (_questions is not null) await _questions.RecordAsync(answer, context.Interaction.GuildId, context.Interaction.Invoker?.Id, answers.Info?.KnowledgeHash, ct).ConfigureAwait(false);
            return (answer, answers.Library);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "The answer service failed");
            return (null, "");
        }
    }
}
