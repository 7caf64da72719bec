namespace SourceBot.Discord.Client.Wire;

public sealed record Embed
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Url { get; init; }
    public int? Color { get; init; }
    public EmbedAuthor? Author { get; init; }
    public EmbedFooter? Footer { get; init; }
    public IReadOnlyList<EmbedField>? Fields { get; init; }
}
