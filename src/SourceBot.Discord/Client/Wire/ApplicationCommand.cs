namespace SourceBot.Discord.Client.Wire;

public sealed record ApplicationCommand
{
    public required string Name { get; init; }
    public ApplicationCommandType Type { get; init; } = ApplicationCommandType.ChatInput;
    /// <summary>Null for MESSAGE commands (the field is not allowed there).</summary>
    public string? Description { get; init; }
    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }
    public IReadOnlyList<InteractionContextType>? Contexts { get; init; }
    public IReadOnlyList<ApplicationIntegrationType>? IntegrationTypes { get; init; }

    /// <summary>Who sees the command by default, as a decimal permission bitfield string; server admins can widen it per role.</summary>
    public string? DefaultMemberPermissions { get; init; }
}
