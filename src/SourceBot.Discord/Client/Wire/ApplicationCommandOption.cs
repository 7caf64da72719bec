namespace SourceBot.Discord.Client.Wire;

public sealed record ApplicationCommandOption
{
    public required ApplicationCommandOptionType Type { get; init; }
    public required string Name { get; init; }
    public required string Description { get; init; }
    public bool? Required { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public int? MinValue { get; init; }
    /// <summary>The options of a subcommand, or the subcommands of a subcommand group.</summary>
    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }
}
