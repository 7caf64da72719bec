namespace SourceBot.Discord.Client.Wire;

/// <summary>The READY dispatch: what SourceBot keeps from it.</summary>
public sealed record ReadyEvent
{
    public int V { get; init; }
    public required DiscordUser User { get; init; }
    public required string SessionId { get; init; }
    public string? ResumeGatewayUrl { get; init; }
    public DiscordApplication? Application { get; init; }
}
