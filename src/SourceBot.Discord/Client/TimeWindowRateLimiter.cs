using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace SourceBot.Discord.Client;

/// <summary>
/// A fixed-window <see cref="RateLimiter"/> whose clock is a <see cref="TimeProvider"/>: at most <c>permitLimit</c> permits in
/// any window that starts with the first acquisition after the previous window ended. The framework's limiters read the
/// stopwatch directly, which tests cannot control; this one waits with <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/>.
/// Failed leases carry <see cref="MetadataName.RetryAfter"/>.
/// </summary>
public sealed class TimeWindowRateLimiter : RateLimiter
{
    private readonly object _lock = new();
    private readonly TimeProvider _time;
    private readonly int _permitLimit;
    private readonly TimeSpan _window;
    private readonly int _queueLimit;
    private DateTimeOffset? _windowStart;
    private DateTimeOffset _lastActivity;
    private int _used;
    private int _queued;
    private long _successful;
    private long _failed;
    private bool _disposed;

    public TimeWindowRateLimiter(int permitLimit, TimeSpan window, int queueLimit, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permitLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(queueLimit);
        _permitLimit = permitLimit;
        _window = window;
        _queueLimit = queueLimit;
        _time = timeProvider;
        _lastActivity = timeProvider.GetUtcNow();
    }

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_lock)
            {
                var now = _time.GetUtcNow();
                Roll(now);
                return _used == 0 && _queued == 0 ? now - _lastActivity : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            Roll(_time.GetUtcNow());
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = _permitLimit - _used,
                CurrentQueuedCount = _queued,
                TotalSuccessfulLeases = _successful,
                TotalFailedLeases = _failed,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _permitLimit);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetUtcNow();
            Roll(now);
            _lastActivity = now;
            if (permitCount == 0 || _used + permitCount <= _permitLimit)
            {
                if (permitCount > 0) _windowStart ??= now;
                _used += permitCount;
                _successful++;
                return Lease.Acquired;
            }
            _failed++;
            var retry = _windowStart!.Value + _window - now;
            return new Lease(false, retry < TimeSpan.Zero ? TimeSpan.Zero : retry);
        }
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        var lease = AttemptAcquireCore(permitCount);
        if (lease.IsAcquired) return lease;
        lock (_lock)
        {
            if (_queued + permitCount > _queueLimit) return lease;
            _queued += permitCount;
        }
        try
        {
            while (true)
            {
                lease.TryGetMetadata(MetadataName.RetryAfter, out var wait);
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), _time, cancellationToken).ConfigureAwait(false);
                lease = AttemptAcquireCore(permitCount);
                if (lease.IsAcquired) return lease;
            }
        }
        finally
        {
            lock (_lock) _queued -= permitCount;
        }
    }

    private void Roll(DateTimeOffset now)
    {
        if (_windowStart is { } start && now >= start + _window)
        {
            _windowStart = null;
            _used = 0;
        }
    }

    protected override void Dispose(bool disposing)
    {
        lock (_lock) _disposed = true;
        base.Dispose(disposing);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Acquired = new(true, null);

        public override bool IsAcquired { get; } = acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } r && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = r;
                return true;
            }
            metadata = null;
            return false;
        }
    }
}

/// <summary>One <see cref="TimeWindowRateLimiter"/> per key (e.g. per user id), idle ones dropped.</summary>
public sealed class KeyedTimeWindowRateLimiter : PartitionedRateLimiter<string>
{
    private readonly ConcurrentDictionary<string, TimeWindowRateLimiter> _limiters = new(StringComparer.Ordinal);
    private readonly int _permitLimit;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;

    public KeyedTimeWindowRateLimiter(int permitLimit, TimeSpan window, TimeProvider timeProvider)
    {
        _permitLimit = permitLimit;
        _window = window;
        _time = timeProvider;
    }

    public int PartitionCount => _limiters.Count;

    public override RateLimiterStatistics? GetStatistics(string resource) => Get(resource).GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(string resource, int permitCount)
    {
        var lease = Get(resource).AttemptAcquire(permitCount);
        Sweep();
        return lease;
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(string resource, int permitCount, CancellationToken cancellationToken) =>
        Get(resource).AcquireAsync(permitCount, cancellationToken);

    private TimeWindowRateLimiter Get(string key) =>
        _limiters.GetOrAdd(key, _ => new TimeWindowRateLimiter(_permitLimit, _window, 0, _time));

    private void Sweep()
    {
        if (_limiters.Count < 1024) return;
        foreach (var (key, limiter) in _limiters)
        {
            if (limiter.IdleDuration is { } idle && idle >= _window && _limiters.TryRemove(key, out var removed)) removed.Dispose();
        }
    }

    protected override void Dispose(bool disposing)
    {
        foreach (var limiter in _limiters.Values) limiter.Dispose();
        _limiters.Clear();
        base.Dispose(disposing);
    }
}
