using System.Net;
using Microsoft.Extensions.Logging;

namespace SourceBot.Discord.Client;

/// <summary>
/// Counts the REST responses Discord calls invalid requests (401, 403 and 429, except a 429 with
/// <c>X-RateLimit-Scope: shared</c>) over the last 10 minutes, a sliding window in one-second steps on a
/// <see cref="TimeProvider"/>. At <see cref="Limit"/> of them Discord blocks the IP address from its API for a while ("Invalid
/// Request Limit"), so a warning is logged when the count first reaches each of <see cref="WarningShares"/> of the limit
/// (again after it has fallen back below).
/// </summary>
internal sealed class InvalidRequestCounter
{
    /// <summary>Discord's limit: 10,000 invalid requests per 10 minutes.</summary>
    public const int Limit = 10_000;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    /// <summary>The shares of <see cref="Limit"/> at which a warning is logged, well before the ban.</summary>
    public static readonly double[] WarningShares = [0.5, 0.8];

    private const int Seconds = 600; // Window in one-second slots
    private readonly object _lock = new();
    private readonly long[] _slotSecond = new long[Seconds];
    private readonly int[] _slotCount = new int[Seconds];
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _warnedLevel;

    public InvalidRequestCounter(TimeProvider time, ILogger logger)
    {
        _time = time;
        _logger = logger;
        Array.Fill(_slotSecond, long.MinValue);
    }

    /// <summary>Invalid requests in the last 10 minutes.</summary>
    public int Count
    {
        get
        {
            lock (_lock) return CountAt(_time.GetUtcNow().ToUnixTimeSeconds());
        }
    }

    /// <summary>Whether a response with this status (and <c>X-RateLimit-Scope</c>) counts against the limit.</summary>
    public static bool IsInvalid(HttpStatusCode status, RateLimitScope scope) =>
        status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || (status == HttpStatusCode.TooManyRequests && scope != RateLimitScope.Shared);

    /// <summary>Counts the response if it is an invalid request, and warns when the count reaches a warning share of the limit.</summary>
    public void Record(HttpStatusCode status, RateLimitScope scope, DiscordRoute route)
    {
        if (!IsInvalid(status, scope)) return;
        int count, level;
        bool warn;
        lock (_lock)
        {
            var second = _time.GetUtcNow().ToUnixTimeSeconds();
            int slot = (int)(((second % Seconds) + Seconds) % Seconds);
            if (_slotSecond[slot] != second)
            {
                _slotSecond[slot] = second;
                _slotCount[slot] = 0;
            }
            _slotCount[slot]++;
            count = CountAt(second);
            level = WarningShares.Count(share => count >= share * Limit);
            warn = level > _warnedLevel;
            _warnedLevel = level; // falls back with the count, so a later rise warns again
        }
        if (warn)
            _logger.LogWarning(
                "Discord answered {Count} invalid requests (401, 403, 429) in the last 10 minutes, {Percent}% of the {Limit} at which it blocks this IP address " +
                "from its API; the latest was {Status} on {Route}. Look for a channel the bot may not post in, a revoked token or repeated rate limits.",
                count, (int)Math.Round(100.0 * count / Limit), Limit, (int)status, route.ToString());
    }

    private int CountAt(long second)
    {
        int total = 0;
        for (int i = 0; i < Seconds; i++)
        {
            if (_slotSecond[i] > second - Seconds) total += _slotCount[i];
        }
        return total;
    }
}
