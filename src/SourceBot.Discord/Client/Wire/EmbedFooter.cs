namespace SourceBot.Discord.Client.Wire;

public sealed record EmbedFooter
{
    public required string Text { get; init; }
}
