namespace SourceBot.Discord.Client.Wire;

public sealed record RegisteredCommand
{
    public string? Id { get; init; }
    public required string Name { get; init; }
    public ApplicationCommandType Type { get; init; }
}
