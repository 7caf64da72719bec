namespace SourceBot.Discord.Client.Wire;

public sealed record DiscordMember
{
    public DiscordUser? User { get; init; }

    /// <summary>The member's role ids (sent with interactions and guild messages).</summary>
    public IReadOnlyList<string>? Roles { get; init; }

    /// <summary>In an interaction: the member's total permissions in the channel, overwrites included, as a decimal bitfield string.</summary>
    public string? Permissions { get; init; }
}
