namespace SourceBot.Discord.Client.Wire;

public sealed record LabelComponent
{
    public ComponentType Type { get; init; } = ComponentType.Label;
    public required string Label { get; init; }
    public string? Description { get; init; }
    public required TextInput Component { get; init; }
}
