using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Bot;

/// <summary>How far the bot got in responding to the interaction being handled.</summary>
internal enum InteractionResponseState
{
    /// <summary>Nothing sent yet: the interaction can still be answered with a callback.</summary>
    None,

    /// <summary>Deferred with a "thinking…" message (callback 5) that nothing has replaced yet.</summary>
    Deferred,

    /// <summary>
    /// Acknowledged with no message of its own to edit: a silent acknowledgement (callback 6, the message the button is on is
    /// still as it was), or a placeholder that was deleted.
    /// </summary>
    Acknowledged,

    /// <summary>Something reached the user: a message, a modal, an edit, a follow-up or a deleted placeholder.</summary>
    Responded,
}

/// <summary>What was sent so far for one interaction; <see cref="InteractionResponses"/> keeps it up to date.</summary>
internal sealed class InteractionProgress(string token)
{
    private volatile InteractionResponseState _state;

    public string Token { get; } = token;

    public InteractionResponseState State => _state;

    internal void Advance(InteractionResponseState state)
    {
        // Only forward: a later step does not make a delivered answer undelivered.
        if (state > _state) _state = state;
    }
}

/// <summary>
/// An <see cref="IDiscordRestClient"/> that notes, for the interaction handled on the current async flow (see
/// <see cref="Begin"/>), what has been sent in response to it, so a failure can be reported to the user the way that still
/// works: a private reply when nothing was sent, an edit of the "thinking…" placeholder after a deferral, a private
/// follow-up after a silent acknowledgement, and nothing when an answer was already delivered.
/// </summary>
internal sealed class InteractionResponses : IDiscordRestClient
{
    private static readonly AsyncLocal<InteractionProgress?> CurrentProgress = new();
    private readonly IDiscordRestClient _inner;

    private InteractionResponses(IDiscordRestClient inner) => _inner = inner;

    /// <summary>The client, noting interaction responses; a client that already notes them is returned as it is.</summary>
    public static IDiscordRestClient Tracking(IDiscordRestClient rest)
    {
        ArgumentNullException.ThrowIfNull(rest);
        return rest as InteractionResponses ?? new InteractionResponses(rest);
    }

    /// <summary>Starts noting responses to this interaction on the current async flow (and the calls it makes).</summary>
    public static InteractionProgress Begin(DiscordInteraction interaction)
    {
        var progress = new InteractionProgress(interaction.Token);
        CurrentProgress.Value = progress;
        return progress;
    }

    private static void Note(string token, InteractionResponseState state)
    {
        if (CurrentProgress.Value is { } progress && progress.Token == token) progress.Advance(state);
    }

    public Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken cancellationToken = default) => _inner.GetGatewayBotAsync(cancellationToken);

    public Task<DiscordApplication> GetCurrentApplicationAsync(CancellationToken cancellationToken = default) => _inner.GetCurrentApplicationAsync(cancellationToken);

    public Task<IReadOnlyList<RegisteredCommand>> BulkOverwriteCommandsAsync(string applicationId, string? guildId, IReadOnlyList<ApplicationCommand> commands,
        CancellationToken cancellationToken = default) => _inner.BulkOverwriteCommandsAsync(applicationId, guildId, commands, cancellationToken);

    public Task<DiscordMessage> CreateMessageAsync(string channelId, MessagePayload message, CancellationToken cancellationToken = default) =>
        _inner.CreateMessageAsync(channelId, message, cancellationToken);

    public Task TriggerTypingAsync(string channelId, CancellationToken cancellationToken = default) => _inner.TriggerTypingAsync(channelId, cancellationToken);

    public async Task CreateInteractionResponseAsync(string interactionId, string interactionToken, InteractionResponse response, CancellationToken cancellationToken = default)
    {
        await _inner.CreateInteractionResponseAsync(interactionId, interactionToken, response, cancellationToken).ConfigureAwait(false);
        Note(interactionToken, response.Type switch
        {
            InteractionCallbackType.DeferredChannelMessageWithSource => InteractionResponseState.Deferred,
            InteractionCallbackType.DeferredUpdateMessage => InteractionResponseState.Acknowledged,
            _ => InteractionResponseState.Responded,
        });
    }

    public async Task<DiscordMessage> EditOriginalResponseAsync(string applicationId, string interactionToken, MessagePayload message, CancellationToken cancellationToken = default)
    {
        var sent = await _inner.EditOriginalResponseAsync(applicationId, interactionToken, message, cancellationToken).ConfigureAwait(false);
        Note(interactionToken, InteractionResponseState.Responded);
        return sent;
    }

    public async Task<DiscordMessage> EditOriginalResponseAsync(string applicationId, string interactionToken, MessagePayload message, IReadOnlyList<FileUpload> files,
        CancellationToken cancellationToken = default)
    {
        var sent = await _inner.EditOriginalResponseAsync(applicationId, interactionToken, message, files, cancellationToken).ConfigureAwait(false);
        Note(interactionToken, InteractionResponseState.Responded);
        return sent;
    }

    public async Task DeleteOriginalResponseAsync(string applicationId, string interactionToken, CancellationToken cancellationToken = default)
    {
        await _inner.DeleteOriginalResponseAsync(applicationId, interactionToken, cancellationToken).ConfigureAwait(false);
        Note(interactionToken, InteractionResponseState.Acknowledged);
    }

    public async Task<DiscordMessage> CreateFollowupMessageAsync(string applicationId, string interactionToken, MessagePayload message, CancellationToken cancellationToken = default)
    {
        var sent = await _inner.CreateFollowupMessageAsync(applicationId, interactionToken, message, cancellationToken).ConfigureAwait(false);
        Note(interactionToken, InteractionResponseState.Responded);
        return sent;
    }
}
