namespace SourceBot.Discord.Client.Wire;

public sealed record DiscordApplication
{
    public required string Id { get; init; }
    public string? Name { get; init; }
}
