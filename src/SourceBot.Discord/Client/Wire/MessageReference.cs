namespace SourceBot.Discord.Client.Wire;

public sealed record MessageReference
{
    public MessageReferenceType? Type { get; init; }
    public string? MessageId { get; init; }
    public string? ChannelId { get; init; }
    public string? GuildId { get; init; }
    public bool? FailIfNotExists { get; init; }
}
