using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SourceBot.Discord.Bot;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;
using SourceBot.Discord.Moderation;
using SourceBot.Discord.Rendering;

namespace SourceBot.Discord.Interactions;

/// <summary>
/// Handles INTERACTION_CREATE: makes the <see cref="InteractionContext"/> of the interaction, takes button presses, forms and
/// moderator actions from the user's and everyone's allowance, and hands the interaction to its feature: /kb, the "Teach"
/// buttons and the passage edit form to <see cref="ModerationHandler"/> (when moderation is registered), everything else to the
/// answers' <see cref="InteractionHandler"/>. A failure is reported to the user the way that still works at that point.
/// </summary>
public sealed class InteractionRouter
{
    public const string FailedText = "Something went wrong while handling that. Please try again in a moment.";
    public const string FormExpiredText = "That form has expired; ask again.";

    /// <summary>"Unknown Webhook" (JSON error code 10015).</summary>
    internal const int UnknownWebhook = 10015;

    /// <summary>"Unknown interaction" (JSON error code 10062).</summary>
    internal const int UnknownInteraction = 10062;

    /// <summary>"Invalid Webhook Token provided" (JSON error code 50027).</summary>
    internal const int InvalidWebhookToken = 50027;

    private readonly IDiscordRestClient _rest;
    private readonly InteractionHandler _answers;
    private readonly ModerationHandler? _moderation;
    private readonly RecentAnswers _recent;
    private readonly NoiseControl _noise;
    private readonly BotSession _session;
    private readonly DiscordOptions _options;
    private readonly ILogger _logger;

    public InteractionRouter(IDiscordRestClient rest, InteractionHandler answers, RecentAnswers recent, NoiseControl noise, BotSession session,
        IOptions<DiscordOptions> options, ILogger<InteractionRouter> logger, ModerationHandler? moderation = null)
    {
        _rest = rest;
        _answers = answers;
        _moderation = moderation;
        _recent = recent;
        _noise = noise;
        _session = session;
        _options = options.Value;
        _logger = logger;
    }

    public async Task HandleAsync(DiscordInteraction interaction, CancellationToken cancellationToken)
    {
        // The application id for the webhook calls: the interaction's, else the session's, else the configured one.
        var context = new InteractionContext(_rest, interaction, interaction.ApplicationId ?? _session.ApplicationId ?? _options.ApplicationId);
        try
        {
            switch (interaction.Type)
            {
                case InteractionType.ApplicationCommand when interaction.Data?.Type == ApplicationCommandType.Message:
                    await _answers.MessageCommandAsync(context, cancellationToken).ConfigureAwait(false);
                    break;
                case InteractionType.ApplicationCommand:
                    await SlashCommandAsync(context, cancellationToken).ConfigureAwait(false);
                    break;
                case InteractionType.MessageComponent:
                    await ComponentAsync(context, cancellationToken).ConfigureAwait(false);
                    break;
                case InteractionType.ModalSubmit:
                    await ModalSubmitAsync(context, cancellationToken).ConfigureAwait(false);
                    break;
                case InteractionType.Ping:
                    await context.PongAsync(cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        catch (DiscordHttpException e)
        {
            _logger.LogWarning("Responding to interaction {InteractionId} failed: {Status} {DiscordCode} {DiscordMessage} on {Route}",
                interaction.Id, (int)e.StatusCode, e.DiscordCode, e.DiscordMessage, e.Route);
            // The initial callback went through (a "thinking…" placeholder or a silent acknowledgement) and a later call was
            // refused, e.g. 400 50035 Invalid Form Body on the edit of the answer: the plain apology still fits, unless Discord
            // says the interaction or its token is gone, when nothing can be sent at all.
            if (context.State is InteractionResponseState.Deferred or InteractionResponseState.Acknowledged && !InteractionIsGone(e))
                await ReportFailureAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (InteractionCallbackExpiredException e)
        {
            // Too late for any response: an apology would only get 10062 Unknown interaction as well.
            _logger.LogWarning("Responding to interaction {InteractionId} failed: {Problem}", interaction.Id, e.Message);
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // Anything else (a database error while recording a vote, an unknown application id, a network failure after the
            // retries): log it and tell the user, rather than leaving them with Discord's "This interaction failed".
            _logger.LogError(e, "Handling interaction {InteractionId} failed", interaction.Id);
            await ReportFailureAsync(context, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Discord's JSON error codes meaning the interaction's token can no longer be used for anything.</summary>
    internal static bool InteractionIsGone(DiscordHttpException e) => e.DiscordCode is UnknownWebhook or UnknownInteraction or InvalidWebhookToken;

    private async Task SlashCommandAsync(InteractionContext context, CancellationToken ct)
    {
        if (context.Interaction.Data?.Name == Commands.Kb && _moderation is not null)
        {
            if (!await CheckPressAsync(context, PressKind.Moderation, ct).ConfigureAwait(false)) return;
            await _moderation.HandleCommandAsync(context, ct).ConfigureAwait(false);
            return;
        }
        await _answers.SlashCommandAsync(context, ct).ConfigureAwait(false);
    }

    private async Task ComponentAsync(InteractionContext context, CancellationToken ct)
    {
        var (action, argument) = await CustomIds.DecodeAsync(context.Interaction.Data?.CustomId, _recent, ct).ConfigureAwait(false);
        bool moderation = action is BotAction.Teach or BotAction.TeachPick;
        if (!await CheckPressAsync(context, moderation ? PressKind.Moderation : PressKind.Button, ct).ConfigureAwait(false)) return;
        context.ThrowIfApplicationIdUnknown();
        if (moderation && _moderation is not null) await _moderation.HandleComponentAsync(action, argument, context, ct).ConfigureAwait(false);
        else await _answers.ComponentAsync(context, action, argument, ct).ConfigureAwait(false);
    }

    private async Task ModalSubmitAsync(InteractionContext context, CancellationToken ct)
    {
        var (action, argument) = await CustomIds.DecodeAsync(context.Interaction.Data?.CustomId, _recent, ct).ConfigureAwait(false);
        switch (action)
        {
            case BotAction.RephraseSubmit:
                await _answers.RephraseSubmittedAsync(context, privately: argument == "e", ct).ConfigureAwait(false);
                break;
            case BotAction.MessageQuestionSubmit when argument?.Split('/') is [var channelId, var messageId]:
                await _answers.MessageQuestionSubmittedAsync(context, channelId, messageId, ct).ConfigureAwait(false);
                break;
            case BotAction.EditSubmit when _moderation is not null:
                if (!await CheckPressAsync(context, PressKind.Moderation, ct).ConfigureAwait(false)) break;
                await _moderation.HandleModalAsync(action, argument, context, ct).ConfigureAwait(false);
                break;
            default:
                if (!await CheckPressAsync(context, PressKind.Button, ct).ConfigureAwait(false)) break;
                await context.RespondAsync(AnswerRenderer.Note(FormExpiredText, ephemeral: true), ct).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Takes the press from the user's and everyone's allowance; when either is used up, says so privately and does nothing else.</summary>
    private async Task<bool> CheckPressAsync(InteractionContext context, PressKind kind, CancellationToken ct)
    {
        var userId = context.Interaction.Invoker?.Id ?? "unknown";
        if (_noise.Presses.TryPress(kind, userId, out var refusal)) return true;
        _logger.LogInformation("User {UserId} is over the {PressKind} rate limit", userId, kind);
        await context.RespondAsync(AnswerRenderer.Note(refusal, ephemeral: true), ct).ConfigureAwait(false);
        return false;
    }

    /// <summary>
    /// Tells the user privately that handling their interaction failed, the way that still works at this point: a reply when
    /// nothing was sent yet, an edit of the "thinking…" placeholder after a deferral, a follow-up after a silent acknowledgement.
    /// An answer already delivered is left as it is.
    /// </summary>
    private async Task ReportFailureAsync(InteractionContext context, CancellationToken ct)
    {
        try
        {
            switch (context.State)
            {
                case InteractionResponseState.None:
                    await context.RespondAsync(AnswerRenderer.Note(FailedText, ephemeral: true), ct).ConfigureAwait(false);
                    break;
                case InteractionResponseState.Deferred:
                    await context.EditOriginalAsync(AnswerRenderer.Note(FailedText), ct).ConfigureAwait(false);
                    break;
                case InteractionResponseState.Acknowledged:
                    await context.FollowUpAsync(AnswerRenderer.Note(FailedText, ephemeral: true), ct).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            _logger.LogWarning("Could not tell the user that interaction {InteractionId} failed: {Reason}", context.Interaction.Id, e.Message);
        }
    }
}
