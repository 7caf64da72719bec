namespace SourceBot.Discord.Client.Wire;

/// <summary>A message as received (MESSAGE_CREATE, referenced_message, resolved messages).</summary>
public sealed record DiscordMessage
{
    public required string Id { get; init; }
    public string? ChannelId { get; init; }
    public string? GuildId { get; init; }
    public DiscordUser? Author { get; init; }
    public string? Content { get; init; }
    public IReadOnlyList<DiscordUser>? Mentions { get; init; }
    public MessageReference? MessageReference { get; init; }
    public DiscordMessage? ReferencedMessage { get; init; }
    public string? WebhookId { get; init; }
    public MessageType? Type { get; init; }
    public MessageFlags? Flags { get; init; }
}
