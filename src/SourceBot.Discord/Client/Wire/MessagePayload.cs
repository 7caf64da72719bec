namespace SourceBot.Discord.Client.Wire;

/// <summary>The body of create message, edit/follow-up webhook messages and interaction callback messages.</summary>
public sealed record MessagePayload
{
    public string? Content { get; init; }
    /// <summary>The files of a multipart request, by index; also replaces the message's earlier attachments when editing.</summary>
    public IReadOnlyList<PartialAttachment>? Attachments { get; init; }
    public IReadOnlyList<Embed>? Embeds { get; init; }
    public IReadOnlyList<ActionRow>? Components { get; init; }
    public AllowedMentions? AllowedMentions { get; init; }
    public MessageReference? MessageReference { get; init; }
    public MessageFlags? Flags { get; init; }

    /// <summary>
    /// Create message only (up to 25 characters): with <see cref="EnforceNonce"/>, Discord creates no second message for a
    /// repeated send with the same nonce within a few minutes and returns the first. <see cref="DiscordRestClient"/> sets both.
    /// </summary>
    public string? Nonce { get; init; }
    public bool? EnforceNonce { get; init; }
}
