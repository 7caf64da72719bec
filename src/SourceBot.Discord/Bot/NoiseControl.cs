using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Bot;

/// <summary>
/// Who may be answered where, and how often: ignores bots (and the bot itself), answers only in allowed channels (and the threads
/// created in them) and (if enabled) direct messages, limits questions per user (System.Threading.RateLimiting on a
/// <see cref="TimeProvider"/>) and button presses and moderator actions (<see cref="Presses"/>), holds back a passage just
/// posted in the same channel, and keeps away from channels where Discord refused the bot (<see cref="Forbidden"/>).
/// </summary>
public sealed class NoiseControl : IDisposable
{
    private readonly DiscordOptions _options;
    private readonly HashSet<string> _allowedChannels;
    private readonly KeyedTimeWindowRateLimiter _perUser;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _warned = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ThreadParents _threads;
    private readonly ILogger _logger;

    public NoiseControl(IOptions<DiscordOptions> options, TimeProvider timeProvider, ThreadParents? threads = null, ILogger<NoiseControl>? logger = null)
    {
        _options = options.Value;
        _time = timeProvider;
        _threads = threads ?? new ThreadParents();
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _allowedChannels = new HashSet<string>(_options.AllowedChannelIds.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()), StringComparer.Ordinal);
        _perUser = new KeyedTimeWindowRateLimiter(_options.RateLimit.QuestionsPerUser, _options.RateLimit.Window, timeProvider);
        Cooldown = new PassageCooldown(_options.RateLimit.SamePassageCooldown, timeProvider);
        Forbidden = new ForbiddenChannels(_options.ForbiddenChannelPause, timeProvider, _logger);
        Presses = new PressLimiter(_options.RateLimit, timeProvider);
    }

    public PassageCooldown Cooldown { get; }

    /// <summary>Channels that answered 403 to posting or typing: the bot keeps away from them for a while.</summary>
    internal ForbiddenChannels Forbidden { get; }

    /// <summary>The limits on button presses and moderator actions, per user and across all users.</summary>
    internal PressLimiter Presses { get; }

    public IReadOnlyCollection<string> AllowedChannels => _allowedChannels;

    /// <summary>Whether the bot answers this message: see <see cref="IsAllowed(string?, string?, DiscordChannel?)"/>.</summary>
    public bool IsAllowed(DiscordMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return IsAllowed(message.GuildId, message.ChannelId);
    }

    /// <summary>Whether the bot answers this interaction, a thread counting as its parent by the interaction's <c>channel</c>.</summary>
    public bool IsAllowed(DiscordInteraction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        return IsAllowed(interaction.GuildId, interaction.ChannelId ?? interaction.Channel?.Id, interaction.Channel);
    }

    /// <summary>
    /// Whether the bot answers in this place: a DM (no guild) when DMs are allowed; a guild channel when there is no allow-list
    /// or the channel is on it; a thread (its id is the <c>channel_id</c>) when the channel it was created in is on it. The
    /// thread's parent comes from <paramref name="channel"/> (an interaction's partial channel, type 10, 11 or 12 with
    /// <c>parent_id</c>) or else from the threads the gateway told about (<see cref="ThreadParents"/>); an unknown thread is refused.
    /// </summary>
    public bool IsAllowed(string? guildId, string? channelId, DiscordChannel? channel = null)
    {
        if (guildId is null) return _options.AllowDirectMessages;
        if (_allowedChannels.Count == 0) return true;
        if (channelId is null) return false;
        if (_allowedChannels.Contains(channelId)) return true;
        if (channel is { ParentId: { } parentId } && channel.Id == channelId && channel.Type.IsThread())
        {
            _threads.Remember(channel, guildId);
            return _allowedChannels.Contains(parentId);
        }
        if (_threads.TryGetParent(channelId, out var cachedParent)) return _allowedChannels.Contains(cachedParent);
        _logger.LogDebug("Not answering in channel {ChannelId}: it is not allow-listed, nor a thread known to be in an allowed channel", channelId);
        return false;
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

    public void Dispose()
    {
        _perUser.Dispose();
        Presses.Dispose();
    }
}
