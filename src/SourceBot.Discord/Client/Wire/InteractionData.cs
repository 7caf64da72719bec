namespace SourceBot.Discord.Client.Wire;

/// <summary>The union of the application command, message component and modal submit data structures.</summary>
public sealed record InteractionData
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public ApplicationCommandType? Type { get; init; }
    public IReadOnlyList<InteractionOption>? Options { get; init; }
    public string? TargetId { get; init; }
    public ResolvedData? Resolved { get; init; }
    public string? CustomId { get; init; }
    public ComponentType? ComponentType { get; init; }
    public IReadOnlyList<SubmittedComponent>? Components { get; init; }
}
