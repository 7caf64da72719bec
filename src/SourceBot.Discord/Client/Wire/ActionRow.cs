namespace SourceBot.Discord.Client.Wire;

public sealed record ActionRow
{
    public ComponentType Type { get; init; } = ComponentType.ActionRow;
    public required IReadOnlyList<Button> Components { get; init; }
}
