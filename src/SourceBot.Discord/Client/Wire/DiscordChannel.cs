namespace SourceBot.Discord.Client.Wire;

/// <summary>
/// A channel as received: the partial channel of an interaction, or a thread in GUILD_CREATE's <c>threads</c>, THREAD_CREATE,
/// THREAD_UPDATE, THREAD_DELETE and THREAD_LIST_SYNC. For a thread, <see cref="ParentId"/> is the text, announcement, forum or
/// media channel it was created in; for another guild channel it is its category.
/// </summary>
public sealed record DiscordChannel
{
    public required string Id { get; init; }
    public ChannelType? Type { get; init; }
    public string? GuildId { get; init; }
    public string? ParentId { get; init; }
}
