using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Client.Gateway;

/// <summary>
/// Discord's daily session start limit, shared by the shards of one process: every identify of every shard counts (resumes do
/// not), and running out resets the bot token. Each GET /gateway/bot reading is noted (<see cref="Update"/>); between readings
/// every start taken counts down, and a reading cannot raise the count before the reset it announced has passed (it may have
/// been taken before this process's latest identifies). <see cref="Reserve"/> starts are left unused: with that many or fewer
/// remaining a shard waits for the reset, so a count read a moment ago, another process or a restart by hand cannot take it to
/// zero.
/// </summary>
internal sealed class SessionStartBudget
{
    /// <summary>Session starts of the daily budget (1000 for most bots) SourceBot leaves unused.</summary>
    public const int Reserve = 5;

    /// <summary>The period of the limit, assumed for the next reset once a reset has passed without a new reading.</summary>
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private readonly object _lock = new();
    private readonly TimeProvider _time;
    private int? _remaining;
    private int _total;
    private DateTimeOffset _resetAt;

    public SessionStartBudget(TimeProvider time) => _time = time;

    /// <summary>Notes a reading of GET /gateway/bot's <c>session_start_limit</c>.</summary>
    public void Update(SessionStartLimit limit)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            _remaining = _remaining is { } known && now < _resetAt ? Math.Min(known, limit.Remaining) : limit.Remaining;
            _total = limit.Total;
            _resetAt = now + TimeSpan.FromMilliseconds(Math.Max(0, limit.ResetAfter));
        }
    }

    /// <summary>
    /// Takes one session start; false, taking nothing, when only the reserve is left: then <paramref name="wait"/> is the time
    /// to the reset (try again after it) and <paramref name="remaining"/> of <paramref name="total"/> says why.
    /// </summary>
    public bool TryTake(out TimeSpan wait, out int remaining, out int total)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_remaining is not null && now >= _resetAt)
            {
                // The reset announced by the last reading has passed: the whole budget is back.
                _remaining = _total;
                _resetAt = now + Day;
            }
            total = _total;
            remaining = _remaining ?? int.MaxValue;
            if (_remaining is { } left && left <= Reserve)
            {
                wait = _resetAt - now;
                return false;
            }
            if (_remaining is not null) _remaining--;
            wait = TimeSpan.Zero;
            return true;
        }
    }
}
