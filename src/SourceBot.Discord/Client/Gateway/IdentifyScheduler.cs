namespace SourceBot.Discord.Client.Gateway;

/// <summary>
/// Discord's identify rate limit: <c>max_concurrency</c> identifies per 5 seconds (from GET /gateway/bot's
/// <c>session_start_limit</c>), one for each rate-limit bucket <c>shard_id % max_concurrency</c>. Says how long a shard must
/// wait before its next identify; a gateway that identifies sooner is answered with op 9. Time comes from a
/// <see cref="TimeProvider"/>.
/// </summary>
internal sealed class IdentifyScheduler
{
    /// <summary>The period in which each bucket may identify once.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly object _lock = new();
    private readonly Dictionary<int, DateTimeOffset> _lastIdentify = [];
    private readonly TimeProvider _time;

    public IdentifyScheduler(TimeProvider time) => _time = time;

    /// <summary>The rate-limit bucket of a shard: <c>shard_id % max_concurrency</c> (a max_concurrency below 1 counts as 1).</summary>
    public static int Bucket(int shardId, int maxConcurrency) => shardId % Math.Max(1, maxConcurrency);

    /// <summary>How long <paramref name="shardId"/> must wait before it may identify; zero when it may now.</summary>
    public TimeSpan WaitFor(int shardId, int maxConcurrency)
    {
        lock (_lock)
        {
            if (!_lastIdentify.TryGetValue(Bucket(shardId, maxConcurrency), out var last)) return TimeSpan.Zero;
            var wait = last + Interval - _time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
    }

    /// <summary>Notes that <paramref name="shardId"/> sent an identify now.</summary>
    public void Identified(int shardId, int maxConcurrency)
    {
        lock (_lock) _lastIdentify[Bucket(shardId, maxConcurrency)] = _time.GetUtcNow();
    }
}
