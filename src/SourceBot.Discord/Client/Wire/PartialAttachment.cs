namespace SourceBot.Discord.Client.Wire;

/// <summary>An attachment of a message being sent: <see cref="Id"/> is the index n of its "files[n]" part.</summary>
public sealed record PartialAttachment
{
    public required int Id { get; init; }
    public required string Filename { get; init; }
}
