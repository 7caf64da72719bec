namespace SourceBot.Discord.Client.Wire;

/// <summary>The THREAD_LIST_SYNC dispatch, sent when the bot gains access to channels.</summary>
public sealed record ThreadListSyncEvent
{
    public required string GuildId { get; init; }
    /// <summary>The parent channels whose threads are synced; null for the whole guild.</summary>
    public IReadOnlyList<string>? ChannelIds { get; init; }
    public IReadOnlyList<DiscordChannel>? Threads { get; init; }
}
