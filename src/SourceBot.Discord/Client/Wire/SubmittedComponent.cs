namespace SourceBot.Discord.Client.Wire;

/// <summary>A component as submitted with a modal (a label wrapping a text input, or the legacy action row of text inputs).</summary>
public sealed record SubmittedComponent
{
    public ComponentType Type { get; init; }
    public string? CustomId { get; init; }
    public string? Value { get; init; }
    public SubmittedComponent? Component { get; init; }
    public IReadOnlyList<SubmittedComponent>? Components { get; init; }
}
