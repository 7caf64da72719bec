using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;

namespace SourceBot.Discord.Client;

/// <summary>
/// A Discord HTTP route: the template names the endpoint ("POST /channels/{channel_id}/messages"), the major parameter is the
/// top-level resource id the limits are counted per (channel, guild, webhook + token).
/// </summary>
public readonly record struct DiscordRoute(HttpMethod Method, string Template, string Path, string MajorParameter, bool IsInteraction = false)
{
    public string Key => Method.Method + " " + Template + " " + MajorParameter;
    public override string ToString() => Method.Method + " " + Template;
}

/// <summary>
/// Per-route and global REST rate-limit state from Discord's headers (X-RateLimit-Bucket / -Limit / -Remaining / -Reset-After,
/// X-RateLimit-Global / -Scope and 429 <c>retry_after</c>). Requests on one route and major parameter go one at a time; a
/// request waits while its bucket is empty or the global limit is hit (interaction endpoints excepted from the latter).
/// </summary>
internal sealed class RestRateLimits
{
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, string> _routeBuckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _routeLocks = new(StringComparer.Ordinal);
    private readonly TimeWindowRateLimiter _globalPerSecond;
    private long _globalResetTicks;

    public RestRateLimits(TimeProvider time)
    {
        _time = time;
        // Discord allows 50 requests per second per bot, interaction endpoints excepted.
        _globalPerSecond = new TimeWindowRateLimiter(50, TimeSpan.FromSeconds(1), 10_000, time);
    }

    /// <summary>Waits until the route may be called; dispose the result after the response was recorded.</summary>
    public async Task<IDisposable> EnterAsync(DiscordRoute route, CancellationToken cancellationToken)
    {
        var gate = _routeLocks.GetOrAdd(route.Key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var now = _time.GetUtcNow();
                // "Interaction endpoints are not bound to the bot's Global Rate Limit" (Rate Limits): a callback must not wait
                // out a global 429 and miss its 3-second deadline.
                var globalReset = new DateTimeOffset(Interlocked.Read(ref _globalResetTicks), TimeSpan.Zero);
                if (!route.IsInteraction && globalReset > now)
                {
                    await Task.Delay(globalReset - now, _time, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                var bucket = FindBucket(route);
                if (bucket is not null)
                {
                    TimeSpan wait;
                    lock (bucket)
                    {
                        if (bucket.ResetAt <= now) bucket.Remaining = bucket.Limit;
                        if (bucket.Remaining > 0)
                        {
                            bucket.Remaining--;
                            wait = TimeSpan.Zero;
                        }
                        else wait = bucket.ResetAt - now;
                    }
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                }
                break;
            }
            if (!route.IsInteraction)
            {
                using var lease = await _globalPerSecond.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            }
            return new Releaser(gate);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    /// <summary>Records the rate-limit headers of a response.</summary>
    public void Update(DiscordRoute route, HttpResponseHeaders headers)
    {
        var hash = Header(headers, "X-RateLimit-Bucket");
        if (hash is null) return;
        _routeBuckets[route.Key] = hash;
        var bucket = _buckets.GetOrAdd(hash + " " + route.MajorParameter, _ => new Bucket());
        var now = _time.GetUtcNow();
        lock (bucket)
        {
            if (int.TryParse(Header(headers, "X-RateLimit-Limit"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit)) bucket.Limit = limit;
            if (int.TryParse(Header(headers, "X-RateLimit-Remaining"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining)) bucket.Remaining = remaining;
            if (double.TryParse(Header(headers, "X-RateLimit-Reset-After"), NumberStyles.Float, CultureInfo.InvariantCulture, out var after))
                bucket.ResetAt = now + TimeSpan.FromSeconds(after);
        }
        Prune(now);
    }

    /// <summary>
    /// Records a 429: the bucket (or, when global, every request but those on interaction endpoints) waits
    /// <paramref name="retryAfter"/>. A 429 on an interaction endpoint, which the global limit does not bind, only holds its
    /// own bucket.
    /// </summary>
    public void OnRateLimited(DiscordRoute route, TimeSpan retryAfter, bool global)
    {
        var until = _time.GetUtcNow() + retryAfter;
        if (global && !route.IsInteraction)
        {
            long ticks;
            do
            {
                ticks = Interlocked.Read(ref _globalResetTicks);
                if (ticks >= until.UtcTicks) return;
            } while (Interlocked.CompareExchange(ref _globalResetTicks, until.UtcTicks, ticks) != ticks);
            return;
        }
        var key = (_routeBuckets.TryGetValue(route.Key, out var hash) ? hash : "route:" + route.Key) + " " + route.MajorParameter;
        if (hash is null) _routeBuckets[route.Key] = "route:" + route.Key;
        var bucket = _buckets.GetOrAdd(key, _ => new Bucket());
        lock (bucket)
        {
            bucket.Remaining = 0;
            if (bucket.ResetAt < until) bucket.ResetAt = until;
        }
    }

    private Bucket? FindBucket(DiscordRoute route) =>
        _routeBuckets.TryGetValue(route.Key, out var hash) && _buckets.TryGetValue(hash + " " + route.MajorParameter, out var bucket) ? bucket : null;

    private void Prune(DateTimeOffset now)
    {
        if (_buckets.Count < 2048) return;
        foreach (var (key, bucket) in _buckets)
        {
            if (bucket.ResetAt < now - TimeSpan.FromMinutes(5)) _buckets.TryRemove(key, out _);
        }
        if (_routeLocks.Count > 4096)
        {
            foreach (var (key, gate) in _routeLocks)
            {
                if (gate.CurrentCount == 1) _routeLocks.TryRemove(key, out _);
            }
        }
        if (_routeBuckets.Count > 4096) _routeBuckets.Clear();
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private sealed class Bucket
    {
        public int Limit = 1;
        public int Remaining = 1;
        public DateTimeOffset ResetAt = DateTimeOffset.MinValue;
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private int _done;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) gate.Release();
        }
    }
}
