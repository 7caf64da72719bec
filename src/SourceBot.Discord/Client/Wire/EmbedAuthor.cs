namespace SourceBot.Discord.Client.Wire;

public sealed record EmbedAuthor
{
    public required string Name { get; init; }
    public string? Url { get; init; }
}
