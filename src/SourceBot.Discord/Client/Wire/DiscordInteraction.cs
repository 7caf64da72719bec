using System.Text.Json.Serialization;

namespace SourceBot.Discord.Client.Wire;

public sealed record DiscordInteraction
{
    public required string Id { get; init; }
    public string? ApplicationId { get; init; }
    public InteractionType Type { get; init; }
    public InteractionData? Data { get; init; }
    public string? GuildId { get; init; }
    public string? ChannelId { get; init; }
    /// <summary>The channel it was sent from (partial: id, type, parent_id, guild_id, …), so a thread's parent is known.</summary>
    public DiscordChannel? Channel { get; init; }
    public DiscordMember? Member { get; init; }
    public DiscordUser? User { get; init; }
    public required string Token { get; init; }
    public DiscordMessage? Message { get; init; }

    /// <summary>The invoking user: <c>member.user</c> in a guild, <c>user</c> in a DM.</summary>
    [JsonIgnore]
    public DiscordUser? Invoker => Member?.User ?? User;
}
