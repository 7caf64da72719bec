using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SourceBot.Core.Libraries;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Interactions;
using SourceBot.Discord.Rendering;

namespace SourceBot.Discord.Bot;

/// <summary>
/// Answers "@SourceBot question" in allowed channels (and plain questions in DMs when allowed) as a reply. Mentioning the bot in a
/// reply to someone else's message answers that message's text and replies to it. The answer comes from the library of the
/// message's server (<see cref="ILibraryAnswers"/>; a DM uses the default one).
/// </summary>
public sealed class MentionHandler
{
    public const string EmptyMentionText =
        "Ask me a question after the mention, e.g. \"@SourceBot <your question>\", or mention me in a reply to a message to ask about it.";

    private static readonly TimeSpan TypingRefresh = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan FirstTypingWait = TimeSpan.FromSeconds(2);

    private readonly IDiscordRestClient _rest;
    private readonly ILibraryAnswers _libraries;
    private readonly RecentAnswers _recent;
    private readonly NoiseControl _noise;
    private readonly BotSession _session;
    private readonly DiscordOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly QuestionRecorder? _questions;

    public MentionHandler(IDiscordRestClient rest, ILibraryAnswers libraries, RecentAnswers recent, NoiseControl noise,
        BotSession session, IOptions<DiscordOptions> options, TimeProvider time, ILogger<MentionHandler> logger, QuestionRecorder? questions = null)
    {
        _questions = questions;
        _rest = rest;
        _libraries = libraries;
        _recent = recent;
        _noise = noise;
        _session = session;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public async Task HandleAsync(DiscordMessage message, CancellationToken cancellationToken)
    {
        var author = message.Author;
        if (author is null || author.Bot == true || message.WebhookId is not null || message.ChannelId is null) return;
        if (author.Id == _session.UserId) return;

        bool direct = message.GuildId is null;
        if (direct)
        {
            if (!_options.AllowDirectMessages) return;
        }
        else
        {
            if (!_options.AnswerMentions || !MessageText.Mentions(message.Content, _session.UserId)) return;
            if (!_noise.IsAllowed(message)) return;
        }
        // Discord refused the bot there lately: an answer could not be posted, and trying would count against the IP.
        if (_noise.Forbidden.SkipMention(message.ChannelId)) return;

        // Mentioning the bot in a reply to someone's message asks about that message, and the answer replies to it.
        var target = message;
        var question = MessageText.StripMentions(message.Content);
        if (message.ReferencedMessage is { Author: { } referencedAuthor } referenced && referencedAuthor.Id != _session.UserId)
        {
            var referencedText = MessageText.StripMentions(referenced.Content);
            if (referencedText.Length > 0)
            {
                question = referencedText;
                target = referenced;
            }
        }
        var replyTo = Reply(message) with { MessageId = target.Id };

        if (!_noise.TryAsk(author.Id, out var retryAfter))
        {
            _logger.LogInformation("User {UserId} is over the question rate limit in channel {ChannelId}", author.Id, message.ChannelId);
            if (_noise.ShouldWarn(author.Id))
                await SendAsync(message.ChannelId, AnswerRenderer.Note(NoiseControl.SlowDown(retryAfter), replyTo: Reply(message)), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (question.Length == 0)
        {
            await SendAsync(message.ChannelId, AnswerRenderer.Note(
                EmptyMentionText, replyTo: Reply(message)), cancellationToken).ConfigureAwait(false);
            return;
        }
        // The whole text goes to the answer service: it refuses a question that is too long with a reason, rather than
        // answering a silently cut one. What is echoed back (the embed title) is cut to Discord's limits by the renderer.

        using var typing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var firstTyping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var typingLoop = KeepTypingAsync(message.ChannelId, firstTyping, typing.Token);
        try
        {
            var answers = await _libraries.ForServerAsync(message.GuildId, cancellationToken).ConfigureAwait(false);
            var answer = await answers.AskAsync(question, cancellationToken).ConfigureAwait(false);
            if (_questions is not null) await _questions.RecordAsync(answer, message.GuildId, author.Id, answers.Info?.KnowledgeHash, cancellationToken).ConfigureAwait(false);
            // The typing request runs alongside the answer; let it land first (briefly), so "typing…" never shows after the reply.
            await firstTyping.Task.WaitAsync(FirstTypingWait, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (answer.Answered && answer.PassageId is { } passageId && _noise.Cooldown.IsCoolingDown(message.ChannelId, passageId, out var link))
            {
                await SendAsync(message.ChannelId, AnswerRenderer.Note(PassageCooldown.JustAnsweredText(link), replyTo: replyTo), cancellationToken).ConfigureAwait(false);
                return;
            }
            var key = await _recent.AddAsync(answers.Library, answer, AnswerOrigin.Of(message), cancellationToken).ConfigureAwait(false);
            var aliases = await _recent.AliasesForAsync(AnswerRenderer.AnswerButtonArguments(answer), cancellationToken).ConfigureAwait(false);
            var sent = await SendAsync(message.ChannelId, AnswerRenderer.RenderAnswer(answer, key, isPrivate: false, aliases, replyTo), cancellationToken).ConfigureAwait(false);
            if (answer.Answered && answer.PassageId is not null && sent is not null)
                _noise.Cooldown.Record(message.ChannelId, answer.PassageId, MessageText.Link(message.GuildId, message.ChannelId, sent.Id));
            _logger.LogInformation("Answered a mention in channel {ChannelId} with {Outcome} (passage {PassageId}, score {Score:0.00})",
                message.ChannelId, answer.Outcome, answer.PassageId, answer.Score);
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not DiscordHttpException)
        {
            _logger.LogError(e, "Answering a mention in channel {ChannelId} failed", message.ChannelId);
            await SendAsync(message.ChannelId, AnswerRenderer.Note(InteractionHandler.AnswerFailedText, replyTo: Reply(message)), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            typing.Cancel();
            await typingLoop.ConfigureAwait(false);
        }
    }

    private static MessageReference Reply(DiscordMessage m) => new() { MessageId = m.Id, ChannelId = m.ChannelId, GuildId = m.GuildId, FailIfNotExists = false };

    /// <summary>Posts in the channel unless Discord refused the bot there lately (then, or on a failure, null).</summary>
    private async Task<DiscordMessage?> SendAsync(string channelId, MessagePayload payload, CancellationToken cancellationToken)
    {
        if (_noise.Forbidden.IsForbidden(channelId)) return null; // the typing indicator was refused while the answer was found
        try
        {
            return await _rest.CreateMessageAsync(channelId, payload, cancellationToken).ConfigureAwait(false);
        }
        catch (DiscordHttpException e)
        {
            if (ForbiddenChannels.IsForbidden(e)) _noise.Forbidden.Forbid(channelId, e);
            else _logger.LogWarning("Could not post in channel {ChannelId}: {Status} {DiscordCode} {DiscordMessage}", channelId, (int)e.StatusCode, e.DiscordCode, e.DiscordMessage);
            return null;
        }
    }

    /// <summary>POST /channels/{id}/typing now and every 8 s (the indicator lasts about 10 s) until cancelled.</summary>
    private async Task KeepTypingAsync(string channelId, TaskCompletionSource first, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await _rest.TriggerTypingAsync(channelId, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    first.TrySetResult();
                }
                await Task.Delay(TypingRefresh, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (DiscordHttpException e) when (ForbiddenChannels.IsForbidden(e))
        {
            _noise.Forbidden.Forbid(channelId, e);
        }
        catch (Exception e) when (e is DiscordHttpException or HttpRequestException or TimeoutException)
        {
            _logger.LogDebug("Typing indicator failed in channel {ChannelId}: {Reason}", channelId, e.Message);
        }
    }
}
