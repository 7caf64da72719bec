using System.Text.Json;

namespace SourceBot.Discord.Client.Wire;

public sealed record InteractionOption
{
    public required string Name { get; init; }
    public ApplicationCommandOptionType Type { get; init; }
    public JsonElement? Value { get; init; }
    public IReadOnlyList<InteractionOption>? Options { get; init; }
}
