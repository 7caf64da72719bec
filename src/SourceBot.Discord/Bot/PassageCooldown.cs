namespace SourceBot.Discord.Bot;

/// <summary>
/// Remembers which passage was posted in which channel and when, so the same passage is not posted again in that channel
/// within the cooldown ("just answered above"). Time comes from a <see cref="TimeProvider"/>.
/// </summary>
public sealed class PassageCooldown
{
    private readonly object _lock = new();
    private readonly Dictionary<(string Channel, string Passage), (DateTimeOffset At, string? Link)> _recent = new();
    private readonly TimeSpan _cooldown;
    private readonly TimeProvider _time;

    public PassageCooldown(TimeSpan cooldown, TimeProvider timeProvider)
    {
        _cooldown = cooldown;
        _time = timeProvider;
    }

    /// <summary>True when the passage was posted in the channel within the cooldown; <paramref name="link"/> points at that post when known.</summary>
    public bool IsCoolingDown(string channelId, string passageId, out string? link)
    {
        lock (_lock)
        {
            if (_cooldown > TimeSpan.Zero && _recent.TryGetValue((channelId, passageId), out var seen) && _time.GetUtcNow() - seen.At < _cooldown)
            {
                link = seen.Link;
                return true;
            }
        }
        link = null;
        return false;
    }

    /// <summary>The note sent instead of posting a passage again within the cooldown, with the link to the earlier post when known.</summary>
    public static string JustAnsweredText(string? link) => link is null ? "Just answered that above." : $"Just answered that above: {link}";

    public void Record(string channelId, string passageId, string? link)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_recent.Count >= 4096)
            {
                foreach (var key in _recent.Where(kv => now - kv.Value.At >= _cooldown).Select(kv => kv.Key).ToList()) _recent.Remove(key);
            }
            _recent[(channelId, passageId)] = (now, link);
        }
    }
}
