using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using SourceBot.Discord.Client;

namespace SourceBot.Discord.Bot;

/// <summary>
/// Who may be answered where, and how often: ignores bots (and the bot itself), answers only in allowed channels and (if enabled)
/// direct messages, limits questions per user (System.Threading.RateLimiting on a <see cref="TimeProvider"/>), and holds back a
/// passage just posted in the same channel.
/// </summary>
public sealed class NoiseControl : IDisposable
{
    private readonly DiscordOptions _options;
    private readonly HashSet<string> _allowedChannels;
    private readonly KeyedTimeWindowRateLimiter _perUser;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _warned = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public NoiseControl(IOptions<DiscordOptions> options, TimeProvider timeProvider)
    {
        _options = options.Value;
        _time = timeProvider;
        _allowedChannels = new HashSet<string>(_options.AllowedChannelIds.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()), StringComparer.Ordinal);
        _perUser = new KeyedTimeWindowRateLimiter(_options.RateLimit.QuestionsPerUser, _options.RateLimit.Window, timeProvider);
        Cooldown = new PassageCooldown(_options.RateLimit.SamePassageCooldown, timeProvider);
    }

    public PassageCooldown Cooldown { get; }

    public IReadOnlyCollection<string> AllowedChannels => _allowedChannels;

    /// <summary>Whether the bot answers in this place: a DM (no guild) when DMs are allowed, a guild channel when allow-listed (or no list).</summary>
    public bool IsAllowed(string? guildId, string? channelId)
    {
        if (guildId is null) return _options.AllowDirectMessages;
        return _allowedChannels.Count == 0 || (channelId is not null && _allowedChannels.Contains(channelId));
    }

    /// <summary>Takes one question from the user's allowance; false with the wait when it is used up.</summary>
    public bool TryAsk(string userId, out TimeSpan retryAfter)
    {
        using var lease = _perUser.AttemptAcquire(userId);
        if (lease.IsAcquired)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var r) ? r : _options.RateLimit.Window;
        return false;
    }

    /// <summary>True once per rate-limit window per user: whether a "slow down" note should be sent rather than silence.</summary>
    public bool ShouldWarn(string userId)
    {
        var now = _time.GetUtcNow();
        if (_warned.TryGetValue(userId, out var at) && now - at < _options.RateLimit.Window) return false;
        _warned[userId] = now;
        if (_warned.Count > 4096)
        {
            foreach (var (key, when) in _warned)
            {
                if (now - when >= _options.RateLimit.Window) _warned.TryRemove(key, out _);
            }
        }
        return true;
    }

    public static string SlowDown(TimeSpan retryAfter) =>
        $"Slow down a little: you can ask again in {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))} s.";

    public void Dispose() => _perUser.Dispose();
}
