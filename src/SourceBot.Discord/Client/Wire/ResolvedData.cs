namespace SourceBot.Discord.Client.Wire;

public sealed record ResolvedData
{
    public IReadOnlyDictionary<string, DiscordMessage>? Messages { get; init; }
    public IReadOnlyDictionary<string, DiscordAttachment>? Attachments { get; init; }
}
