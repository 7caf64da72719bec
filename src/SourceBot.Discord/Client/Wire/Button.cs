namespace SourceBot.Discord.Client.Wire;

public sealed record Button
{
    public ComponentType Type { get; init; } = ComponentType.Button;
    public ButtonStyle Style { get; init; } = ButtonStyle.Secondary;
    public string? Label { get; init; }
    public PartialEmoji? Emoji { get; init; }
    public string? CustomId { get; init; }
    public string? Url { get; init; }
    public bool? Disabled { get; init; }
}
