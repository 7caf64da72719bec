using System.Threading.RateLimiting;

namespace SourceBot.Discord.Bot;

/// <summary>
/// How many interactions the process answers at once (asking the library, storing the answer, editing it in). An interaction
/// is acknowledged before it asks for a slot, so a burst waits here already deferred, oldest first, instead of every answer
/// running at once and crowding out the acknowledgements of the interactions read after it (and the database with one
/// connection per waiting answer). Discord gives a deferred interaction 15 minutes, so the queue is not bounded: dropping a
/// waiting question would lose it.
/// </summary>
public sealed class AnswerSlots : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;

    /// <param name="limit">Answers worked on at once; at least 1.</param>
    public AnswerSlots(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        Limit = limit;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = limit,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>
    /// Four per processor: an answer spends part of its time waiting on the database and Discord, so a few more than the cores
    /// keep them busy, while the rest wait in the queue rather than in the thread pool's.
    /// </summary>
    public static int DefaultLimit { get; } = 4 * Environment.ProcessorCount;

    public int Limit { get; }

    /// <summary>Answers waiting for a slot.</summary>
    public long Waiting => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <summary>Waits for a slot, in the order asked; dispose the lease when the answer is delivered.</summary>
    public async ValueTask<RateLimitLease> EnterAsync(CancellationToken cancellationToken)
    {
        var lease = await _limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (lease.IsAcquired) return lease;
        lease.Dispose();
        throw new InvalidOperationException("No answer slot was granted although the queue is unbounded.");
    }

    public void Dispose() => _limiter.Dispose();
}
