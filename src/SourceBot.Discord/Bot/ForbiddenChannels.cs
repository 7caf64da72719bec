using System.Net;
using Microsoft.Extensions.Logging;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Bot;

/// <summary>
/// Channels where Discord answered 403 Forbidden to posting or typing (the bot lacks Send Messages there, or a user's DMs are
/// closed to it). Every further try would be another invalid request counted towards Discord's IP ban, so for
/// <see cref="DiscordOptions.ForbiddenChannelPause"/> the bot neither types nor posts there and does not answer mentions there;
/// the skip is logged once per pause. Time comes from a <see cref="TimeProvider"/>.
/// </summary>
internal sealed class ForbiddenChannels
{
    private const int MaxRemembered = 4096;
    private readonly object _lock = new();
    private readonly Dictionary<string, Entry> _channels = new(StringComparer.Ordinal);
    private readonly TimeSpan _pause;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ForbiddenChannels(TimeSpan pause, TimeProvider time, ILogger logger)
    {
        _pause = pause;
        _time = time;
        _logger = logger;
    }

    /// <summary>Whether a failed call means the bot may not post in that channel: a 403 Forbidden.</summary>
    public static bool IsForbidden(DiscordHttpException error) => error.StatusCode == HttpStatusCode.Forbidden;

    /// <summary>Remembers that <paramref name="channelId"/> answered 403; nothing is sent there for the pause.</summary>
    public void Forbid(string channelId, DiscordHttpException error)
    {
        if (_pause <= TimeSpan.Zero) return;
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (_channels.TryGetValue(channelId, out var known) && known.Until > now) return;
            if (_channels.Count >= MaxRemembered)
            {
                foreach (var key in _channels.Where(kv => kv.Value.Until <= now).Select(kv => kv.Key).ToList()) _channels.Remove(key);
            }
            _channels[channelId] = new Entry(now + _pause, SkipLogged: false);
        }
        _logger.LogWarning("Discord refused the bot in channel {ChannelId} ({Status} {DiscordCode} {DiscordMessage} on {Route}); not typing, posting or answering mentions there for {PauseMinutes} min. Grant the bot View Channel and Send Messages there (a direct message: the user does not accept the bot's messages)",
            channelId, (int)error.StatusCode, error.DiscordCode, error.DiscordMessage, error.Route, (long)_pause.TotalMinutes);
    }

    /// <summary>Whether the channel answered 403 within the pause.</summary>
    public bool IsForbidden(string channelId)
    {
        lock (_lock) return _channels.TryGetValue(channelId, out var entry) && entry.Until > _time.GetUtcNow();
    }

    /// <summary>
    /// Whether a mention in a forbidden channel is to be skipped; the first skip of each pause is logged, the others are not
    /// (a busy channel would fill the log).
    /// </summary>
    public bool SkipMention(string channelId)
    {
        DateTimeOffset until;
        lock (_lock)
        {
            if (!_channels.TryGetValue(channelId, out var entry) || entry.Until <= _time.GetUtcNow()) return false;
            if (entry.SkipLogged) return true;
            _channels[channelId] = entry with { SkipLogged = true };
            until = entry.Until;
        }
        _logger.LogInformation("Not answering mentions in channel {ChannelId} until {Until:u}: Discord refused the bot posting there (403)", channelId, until);
        return true;
    }

    private sealed record Entry(DateTimeOffset Until, bool SkipLogged);
}
