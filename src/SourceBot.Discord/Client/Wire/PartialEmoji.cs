namespace SourceBot.Discord.Client.Wire;

public sealed record PartialEmoji
{
    public required string Name { get; init; }
}
