namespace SourceBot.Discord.Client.Wire;

public sealed record TextInput
{
    public ComponentType Type { get; init; } = ComponentType.TextInput;
    public required string CustomId { get; init; }
    public TextInputStyle Style { get; init; } = TextInputStyle.Short;
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public bool? Required { get; init; }
    public string? Value { get; init; }
    public string? Placeholder { get; init; }
}
