namespace SourceBot.Discord.Client.Gateway;

/// <summary>
/// Discord's identify rate limit for the shards of one process: one identify per 5 seconds in each rate-limit bucket
/// <c>shard_id % max_concurrency</c> (from GET /gateway/bot's <c>session_start_limit</c>); shards of different buckets may
/// identify at the same time. A shard waits for its bucket's turn (<see cref="WaitTurnAsync"/>) before it opens its socket and
/// holds the turn until its identify is sent or the attempt failed. The turn then passes to the waiting shard with the lowest
/// id (Discord asks for buckets to be started in order), which still waits out 5 s from the last identify
/// (<see cref="IdentifyTurn.Wait"/>). Measuring from the identify actually sent, not from the turn's start, keeps a slow
/// connect from squeezing two identifies of one bucket together. A gateway that gets identifies sooner answers op 9. Time
/// comes from a <see cref="TimeProvider"/>.
/// </summary>
internal sealed class IdentifyScheduler
{
    /// <summary>The period in which each bucket may identify once.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly object _lock = new();
    private readonly Dictionary<int, BucketState> _buckets = [];
    private readonly TimeProvider _time;

    public IdentifyScheduler(TimeProvider time) => _time = time;

    /// <summary>The rate-limit bucket of a shard: <c>shard_id % max_concurrency</c> (a max_concurrency below 1 counts as 1).</summary>
    public static int Bucket(int shardId, int maxConcurrency) => shardId % Math.Max(1, maxConcurrency);

    /// <summary>
    /// Waits until <paramref name="shardId"/> holds its bucket's turn. The caller waits <see cref="IdentifyTurn.Wait"/> more,
    /// calls <see cref="IdentifyTurn.Identified"/> as it sends the identify, and disposes the turn when it was sent or the
    /// attempt failed.
    /// </summary>
    public async Task<IdentifyTurn> WaitTurnAsync(int shardId, int maxConcurrency, CancellationToken cancellationToken)
    {
        var key = Bucket(shardId, maxConcurrency);
        BucketState bucket;
        Waiter? waiter = null;
        lock (_lock)
        {
            if (!_buckets.TryGetValue(key, out bucket!)) _buckets[key] = bucket = new BucketState();
            if (!bucket.Held) bucket.Held = true;
            else bucket.Waiting.Add(waiter = new Waiter(shardId));
        }
        if (waiter is not null)
        {
            try
            {
                await waiter.Granted.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                bool granted;
                lock (_lock) granted = !bucket.Waiting.Remove(waiter);
                if (granted) Release(bucket); // handed over as the wait was cancelled: pass it on
                throw;
            }
        }
        lock (_lock)
        {
            var wait = bucket.LastIdentify is { } last ? last + Interval - _time.GetUtcNow() : TimeSpan.Zero;
            return new IdentifyTurn(this, bucket, key, wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        }
    }

    /// <summary>The bucket's identify is being sent now.</summary>
    internal void Identified(BucketState bucket)
    {
        lock (_lock) bucket.LastIdentify = _time.GetUtcNow();
    }

    /// <summary>Hands the bucket's turn to the waiting shard with the lowest id, or frees it.</summary>
    internal void Release(BucketState bucket)
    {
        Waiter? next = null;
        lock (_lock)
        {
            foreach (var waiter in bucket.Waiting)
            {
                if (next is null || waiter.ShardId < next.ShardId) next = waiter;
            }
            if (next is null) bucket.Held = false;
            else bucket.Waiting.Remove(next);
        }
        next?.Granted.TrySetResult();
    }

    /// <summary>One bucket: whether a shard holds its turn, who waits for it, and when it last identified (under the lock).</summary>
    internal sealed class BucketState
    {
        public bool Held;
        public DateTimeOffset? LastIdentify;
        public readonly List<Waiter> Waiting = [];
    }

    internal sealed class Waiter(int shardId)
    {
        public int ShardId { get; } = shardId;
        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
