namespace SourceBot.Discord.Client.Gateway;

/// <summary>
/// How one gateway connection ended and what to do next: reconnect (resuming or not, after <see cref="Delay"/> or the backoff),
/// stop, or fail for good with <see cref="Message"/>.
/// </summary>
internal readonly record struct ConnectionOutcome(ConnectionOutcomeKind Kind, bool Resume, TimeSpan? Delay, bool ReachedReady, int CloseCode, string? Message)
{
    public static ConnectionOutcome Stopped => new(ConnectionOutcomeKind.Stopped, false, null, false, (int)GatewayCloseCode.NormalClosure, null);
    public static ConnectionOutcome Reconnect(bool resume, TimeSpan? delay, bool reachedReady) => new(ConnectionOutcomeKind.Reconnect, resume, delay, reachedReady, 0, null);
}
