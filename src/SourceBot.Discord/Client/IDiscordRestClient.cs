using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Client;

/// <summary>
/// The HTTP API v10 calls SourceBot makes (Discord.Net's <c>DiscordRestClient</c> / <c>IDiscordClient</c> concept, reduced to what
/// the bot needs). Implementations handle authentication, rate-limit buckets, 429s and retries; failures surface as
/// <see cref="DiscordHttpException"/>.
/// </summary>
public interface IDiscordRestClient
{
    /// <summary>GET /gateway/bot: the gateway URL and the session start limit.</summary>
    Task<GatewayBotInfo> GetGatewayBotAsync(CancellationToken cancellationToken = default);

    /// <summary>GET /oauth2/applications/@me.</summary>
    Task<DiscordApplication> GetCurrentApplicationAsync(CancellationToken cancellationToken = default);

    /// <summary>PUT /applications/{id}/commands, or /applications/{id}/guilds/{guild}/commands when <paramref name="guildId"/> is set.</summary>
    Task<IReadOnlyList<RegisteredCommand>> BulkOverwriteCommandsAsync(string applicationId, string? guildId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken = default);

    /// <summary>
    /// POST /channels/{id}/messages, with a <c>nonce</c> (the same on every retry of this call) and <c>enforce_nonce: true</c>,
    /// so Discord dedupes a retry of a send that had in fact gone through.
    /// </summary>
    Task<DiscordMessage> CreateMessageAsync(string channelId, MessagePayload message, CancellationToken cancellationToken = default);

    /// <summary>POST /channels/{id}/typing.</summary>
    Task TriggerTypingAsync(string channelId, CancellationToken cancellationToken = default);

    /// <summary>POST /interactions/{id}/{token}/callback.</summary>
    Task CreateInteractionResponseAsync(string interactionId, string interactionToken, InteractionResponse response, CancellationToken cancellationToken = default);

    /// <summary>PATCH /webhooks/{application}/{token}/messages/@original.</summary>
    Task<DiscordMessage> EditOriginalResponseAsync(string applicationId, string interactionToken, MessagePayload message, CancellationToken cancellationToken = default);

    /// <summary>PATCH /webhooks/{application}/{token}/messages/@original as multipart/form-data, with files attached.</summary>
    Task<DiscordMessage> EditOriginalResponseAsync(string applicationId, string interactionToken, MessagePayload message, IReadOnlyList<FileUpload> files, CancellationToken cancellationToken = default);

    /// <summary>DELETE /webhooks/{application}/{token}/messages/@original.</summary>
    Task DeleteOriginalResponseAsync(string applicationId, string interactionToken, CancellationToken cancellationToken = default);

    /// <summary>POST /webhooks/{application}/{token}: a follow-up message.</summary>
    Task<DiscordMessage> CreateFollowupMessageAsync(string applicationId, string interactionToken, MessagePayload message, CancellationToken cancellationToken = default);
}
