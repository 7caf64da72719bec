namespace SourceBot.Discord.Client.Wire;

public sealed record DiscordUser
{
    public required string Id { get; init; }
    public string? Username { get; init; }
    public string? GlobalName { get; init; }
    public bool? Bot { get; init; }
}
