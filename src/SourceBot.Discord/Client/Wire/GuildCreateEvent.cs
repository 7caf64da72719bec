namespace SourceBot.Discord.Client.Wire;

/// <summary>The GUILD_CREATE dispatch: what SourceBot keeps from it (an unavailable guild has no threads).</summary>
public sealed record GuildCreateEvent
{
    public required string Id { get; init; }
    public bool? Unavailable { get; init; }
    /// <summary>All active threads in the guild that the bot may view.</summary>
    public IReadOnlyList<DiscordChannel>? Threads { get; init; }
}
