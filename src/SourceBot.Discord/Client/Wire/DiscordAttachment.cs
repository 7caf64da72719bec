namespace SourceBot.Discord.Client.Wire;

/// <summary>An attachment as resolved in an interaction (an ATTACHMENT option's value is its id).</summary>
public sealed record DiscordAttachment
{
    public required string Id { get; init; }
    public string? Filename { get; init; }
    public long Size { get; init; }
    public string? Url { get; init; }
    public string? ProxyUrl { get; init; }
    public string? ContentType { get; init; }
}
