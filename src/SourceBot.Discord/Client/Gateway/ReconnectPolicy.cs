namespace SourceBot.Discord.Client.Gateway;

/// <summary>How long to wait before the next gateway connection: exponential backoff with jitter, and the wait after op 9.</summary>
/// <param name="maxDelay">The longest wait (<see cref="DiscordOptions.ReconnectMaxDelay"/>).</param>
/// <param name="random">A number in [0, 1) for the jitter.</param>
internal sealed class ReconnectPolicy(TimeSpan maxDelay, Func<double> random)
{
    private readonly TimeSpan _maxDelay = maxDelay;
    private readonly Func<double> _random = random;

    /// <summary>
    /// The wait before identifying again after op 9 (not resumable): 1–5 s at random as Discord's reference says, doubled for
    /// each op 9 in a row before READY (<paramref name="repeats"/>), up to the longest wait (never below the first wait).
    /// </summary>
    public TimeSpan InvalidSessionDelay(int repeats)
    {
        var first = TimeSpan.FromSeconds(1 + 4 * _random());
        var grown = first * Math.Pow(2, Math.Min(repeats, 16));
        var cap = _maxDelay > first ? _maxDelay : first;
        return grown < cap ? grown : cap;
    }

    /// <summary>Up to the longest wait: 1 s, 2 s, 4 s … each between half and all of that, at random.</summary>
    public TimeSpan Backoff(int failures)
    {
        var full = TimeSpan.FromSeconds(Math.Min(_maxDelay.TotalSeconds, Math.Pow(2, Math.Min(failures, 16))));
        return full * (0.5 + 0.5 * _random());
    }
}
