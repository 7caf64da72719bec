namespace SourceBot.Discord.Client.Wire;

public sealed record AllowedMentions
{
    /// <summary>Which mention types to parse from content; empty means none ping.</summary>
    public IReadOnlyList<string> Parse { get; init; } = [];
    public bool? RepliedUser { get; init; }

    /// <summary>Nobody is pinged: not @everyone, not a role, not a user, not the author of a replied-to message.</summary>
    public static AllowedMentions None { get; } = new() { Parse = [], RepliedUser = false };
}
