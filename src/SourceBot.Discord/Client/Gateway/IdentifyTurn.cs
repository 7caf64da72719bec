namespace SourceBot.Discord.Client.Gateway;

/// <summary>
/// A shard's turn to identify in its max_concurrency bucket (from <see cref="IdentifyScheduler.WaitTurnAsync"/>): no other shard
/// of the bucket identifies until it is disposed.
/// </summary>
internal sealed class IdentifyTurn : IDisposable
{
    private readonly IdentifyScheduler _scheduler;
    private readonly IdentifyScheduler.BucketState _bucket;
    private int _released;

    internal IdentifyTurn(IdentifyScheduler scheduler, IdentifyScheduler.BucketState bucket, int bucketKey, TimeSpan wait)
    {
        _scheduler = scheduler;
        _bucket = bucket;
        Bucket = bucketKey;
        Wait = wait;
    }

    /// <summary>The rate-limit bucket (<c>shard_id % max_concurrency</c>).</summary>
    public int Bucket { get; }

    /// <summary>How long to wait still, from when the turn was given, before identifying: 5 s after the bucket's last identify.</summary>
    public TimeSpan Wait { get; }

    /// <summary>Notes that the identify is being sent now: the bucket's next identify waits 5 s from here.</summary>
    public void Identified() => _scheduler.Identified(_bucket);

    /// <summary>Passes the turn on (after the identify was sent, or when the attempt failed before it).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0) _scheduler.Release(_bucket);
    }
}
