using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Interactions;

/// <summary>
/// One interaction being handled: the interaction, the application id its webhook calls use, and what has been sent in response
/// so far. The router makes one per interaction and hands it to the handler; every response goes through it, so a failure can be
/// reported to the user the way that still works: a private reply when nothing was sent, an edit of the "thinking…" placeholder
/// after a deferral, a private follow-up after a silent acknowledgement, and nothing when an answer was already delivered.
/// </summary>
internal sealed class InteractionContext
{
    private readonly IDiscordRestClient _rest;
    private readonly string? _applicationId;
    private volatile InteractionResponseState _state;

    /// <param name="rest">The client the responses are sent with.</param>
    /// <param name="interaction">The interaction being handled.</param>
    /// <param name="applicationId">The application id for the webhook calls, or null when it is not known (those calls then fail).</param>
    public InteractionContext(IDiscordRestClient rest, DiscordInteraction interaction, string? applicationId)
    {
        ArgumentNullException.ThrowIfNull(rest);
        ArgumentNullException.ThrowIfNull(interaction);
        _rest = rest;
        Interaction = interaction;
        _applicationId = applicationId;
    }

    public DiscordInteraction Interaction { get; }

    /// <summary>What has been sent in response so far.</summary>
    public InteractionResponseState State => _state;

    /// <summary>The application id for the interaction's webhook calls (edits, deletes, follow-ups).</summary>
    /// <exception cref="InvalidOperationException">It is not known yet.</exception>
    public string ApplicationId => _applicationId ?? throw new InvalidOperationException("The application id is not known yet.");

    /// <summary>Throws now, before anything is sent, when the application id that the later edits need is not known.</summary>
    public void ThrowIfApplicationIdUnknown() => _ = ApplicationId;

    /// <summary>
    /// Answers the interaction with a message: callback 4, or, when it was deferred already (<see cref="DeferWhilePendingAsync{T}"/>),
    /// an edit of the "thinking…" placeholder (whose visibility the deferral chose), or a follow-up after a silent acknowledgement.
    /// </summary>
    public async Task RespondAsync(MessagePayload message, CancellationToken ct)
    {
        switch (State)
        {
            case InteractionResponseState.Deferred:
                await EditOriginalAsync(message, ct).ConfigureAwait(false);
                break;
            case InteractionResponseState.Acknowledged:
                await FollowUpAsync(message, ct).ConfigureAwait(false);
                break;
            default:
                await CallbackAsync(new InteractionResponse { Type = InteractionCallbackType.ChannelMessageWithSource, Data = message }, ct).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// Waits for <paramref name="reading"/>, a read the response depends on (the recent answers, the server's library); when it
    /// has not finished at once (a database, not memory) and nothing was sent yet, defers first with <paramref name="acknowledgement"/>,
    /// so the interaction is acknowledged within Discord's 3 seconds however long the read takes. <see cref="RespondAsync"/> then
    /// edits the placeholder in.
    /// </summary>
    public async Task<T> DeferWhilePendingAsync<T>(Task<T> reading, Acknowledgement acknowledgement, CancellationToken ct)
    {
        if (!reading.IsCompleted && State == InteractionResponseState.None)
        {
            if (acknowledgement == Acknowledgement.Silent) await AcknowledgeAsync(ct).ConfigureAwait(false);
            else await DeferAsync(ephemeral: acknowledgement == Acknowledgement.Private, ct).ConfigureAwait(false);
        }
        return await reading.ConfigureAwait(false);
    }

    /// <summary>Defers with a "thinking…" placeholder (callback 5), private when <paramref name="ephemeral"/>.</summary>
    public Task DeferAsync(bool ephemeral, CancellationToken ct) => CallbackAsync(new InteractionResponse
    {
        Type = InteractionCallbackType.DeferredChannelMessageWithSource,
        Data = ephemeral ? new MessagePayload { Flags = MessageFlags.Ephemeral } : null,
    }, ct);

    /// <summary>Acknowledges a button silently (callback 6): the message it is on stays as it is until edited.</summary>
    public Task AcknowledgeAsync(CancellationToken ct) => CallbackAsync(new InteractionResponse { Type = InteractionCallbackType.DeferredUpdateMessage }, ct);

    /// <summary>Answers the interaction with a form (callback 9).</summary>
    public Task ShowModalAsync(ModalPayload modal, CancellationToken ct) =>
        CallbackAsync(new InteractionResponse { Type = InteractionCallbackType.Modal, Data = modal }, ct);

    /// <summary>Answers a ping (callback 1).</summary>
    public Task PongAsync(CancellationToken ct) => CallbackAsync(new InteractionResponse { Type = InteractionCallbackType.Pong }, ct);

    /// <summary>Replaces the original response (the placeholder, or the message a button is on) with <paramref name="message"/>.</summary>
    public async Task<DiscordMessage> EditOriginalAsync(MessagePayload message, CancellationToken ct)
    {
        var sent = await _rest.EditOriginalResponseAsync(ApplicationId, Interaction.Token, message, ct).ConfigureAwait(false);
        Advance(InteractionResponseState.Responded);
        return sent;
    }

    /// <summary>Replaces the original response with <paramref name="message"/> and attaches <paramref name="files"/>.</summary>
    public async Task<DiscordMessage> EditOriginalAsync(MessagePayload message, IReadOnlyList<FileUpload> files, CancellationToken ct)
    {
        var sent = await _rest.EditOriginalResponseAsync(ApplicationId, Interaction.Token, message, files, ct).ConfigureAwait(false);
        Advance(InteractionResponseState.Responded);
        return sent;
    }

    /// <summary>Deletes the original response (a placeholder that is not wanted after all).</summary>
    public async Task DeleteOriginalAsync(CancellationToken ct)
    {
        await _rest.DeleteOriginalResponseAsync(ApplicationId, Interaction.Token, ct).ConfigureAwait(false);
        Advance(InteractionResponseState.Acknowledged);
    }

    /// <summary>Sends another message in response to the interaction.</summary>
    public async Task<DiscordMessage> FollowUpAsync(MessagePayload message, CancellationToken ct)
    {
        var sent = await _rest.CreateFollowupMessageAsync(ApplicationId, Interaction.Token, message, ct).ConfigureAwait(false);
        Advance(InteractionResponseState.Responded);
        return sent;
    }

    private async Task CallbackAsync(InteractionResponse response, CancellationToken ct)
    {
        await _rest.CreateInteractionResponseAsync(Interaction.Id, Interaction.Token, response, ct).ConfigureAwait(false);
        Advance(response.Type switch
        {
            InteractionCallbackType.DeferredChannelMessageWithSource => InteractionResponseState.Deferred,
            InteractionCallbackType.DeferredUpdateMessage => InteractionResponseState.Acknowledged,
            _ => InteractionResponseState.Responded,
        });
    }

    private void Advance(InteractionResponseState state)
    {
        // Only forward: a later step does not make a delivered answer undelivered.
        if (state > _state) _state = state;
    }
}
