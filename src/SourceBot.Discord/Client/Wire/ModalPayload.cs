namespace SourceBot.Discord.Client.Wire;

public sealed record ModalPayload
{
    public required string CustomId { get; init; }
    public required string Title { get; init; }
    public required IReadOnlyList<LabelComponent> Components { get; init; }
}
