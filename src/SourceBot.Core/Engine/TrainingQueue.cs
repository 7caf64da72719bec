using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Engine;

/// <summary>
/// Trains published knowledge into engine snapshots in the background (one per process). Builds run on the queue's own
/// threads at below-normal priority, <see cref="TrainingQueueOptions.Concurrency"/> at a time, so a long training never
/// takes a thread-pool thread from answering and yields the processor to it; at most
/// <see cref="TrainingQueueOptions.Capacity"/> publishes wait, and one more is refused at once rather than queued.
/// </summary>
public sealed class TrainingQueue : IDisposable
{
    private readonly Func<KnowledgeBase, CancellationToken, EngineSnapshot> _build;
    private readonly Channel<Job> _jobs;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private int _depth;

    /// <param name="engines">Builds the snapshots (the process's one factory: shared embedding model, vector and model caches).</param>
    public TrainingQueue(EngineFactory engines, TrainingQueueOptions options, ILogger<TrainingQueue>? logger = null, TimeProvider? timeProvider = null)
        : this((kb, ct) => engines.Build(kb, cancellationToken: ct), options, logger, timeProvider)
    {
    }

    /// <param name="build">Builds a snapshot of a knowledge version; tests hold or fail builds with it.</param>
    internal TrainingQueue(Func<KnowledgeBase, CancellationToken, EngineSnapshot> build, TrainingQueueOptions options, ILogger? logger, TimeProvider? timeProvider)
    {
        _build = build;
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _jobs = Channel.CreateBounded<Job>(new BoundedChannelOptions(options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = options.Concurrency == 1,
        });
        for (int i = 1; i <= options.Concurrency; i++)
        {
            new Thread(Work) { Name = $"SourceBot training {i}", IsBackground = true, Priority = ThreadPriority.BelowNormal }.Start();
        }
    }

    /// <summary>Publishes accepted and not yet finished: waiting, or being built.</summary>
    public int Depth => Volatile.Read(ref _depth);

    /// <summary>Publishes waiting for a build to start.</summary>
    public int Waiting => _jobs.Reader.Count;

    /// <summary>
    /// Queues a build of <paramref name="knowledge"/> for <paramref name="libraryId"/>; the task ends with the snapshot (the
    /// caller owns it) or the build's exception. Cancelling before the build starts takes it out of the queue.
    /// </summary>
    /// <exception cref="TrainingQueueFullException">(In the task, at once.) The queue is full; nothing was queued.</exception>
    public Task<EngineSnapshot> EnqueueAsync(string libraryId, KnowledgeBase knowledge, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(libraryId);
        ArgumentNullException.ThrowIfNull(knowledge);
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<EngineSnapshot>(cancellationToken);
        var job = new Job(libraryId, knowledge, cancellationToken);
        Interlocked.Increment(ref _depth);
        if (!_jobs.Writer.TryWrite(job))
        {
            Interlocked.Decrement(ref _depth);
            job.Dispose();
            ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
            _logger.LogWarning("Refused to queue a build for library {LibraryId}: {Waiting} publishes are waiting", libraryId, Waiting);
            return Task.FromException<EngineSnapshot>(new TrainingQueueFullException(Waiting));
        }
        _logger.LogInformation("Queued a build of knowledge {KnowledgeHash} for library {LibraryId} ({Depth} in the queue)", knowledge.Hash[..12], libraryId, Depth);
        return job.Result;
    }

    private void Work()
    {
        var reader = _jobs.Reader;
        try
        {
            // A dedicated thread: blocking it on the channel costs no thread-pool thread.
            while (reader.WaitToReadAsync(_stopping.Token).AsTask().GetAwaiter().GetResult())
            {
                while (reader.TryRead(out var job)) Run(job);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private void Run(Job job)
    {
        EngineSnapshot? snapshot = null;
        Exception? failure = null;
        try
        {
            if (job.Result.IsCompleted || _stopping.IsCancellationRequested) return; // cancelled while it waited, or shutting down
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(job.Cancellation, _stopping.Token);
            long started = _time.GetTimestamp();
            try
            {
                snapshot = _build(job.Knowledge, cancel.Token);
                _logger.LogInformation("Built knowledge {KnowledgeHash} for library {LibraryId} in {Seconds:F1} s", job.Knowledge.Hash[..12], job.LibraryId,
                    _time.GetElapsedTime(started).TotalSeconds);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "The build of knowledge {KnowledgeHash} for library {LibraryId} failed", job.Knowledge.Hash[..12], job.LibraryId);
                failure = ex;
            }
        }
        finally
        {
            // Counted out before the publisher hears, so it never sees its own publish still in the depth.
            Interlocked.Decrement(ref _depth);
            job.Dispose();
            if (snapshot is not null)
            {
                // The publisher may have given up during the build: then nobody owns the snapshot but this.
                if (!job.Succeed(snapshot)) snapshot.Dispose();
            }
            else if (failure is not null)
            {
                job.Fail(failure);
            }
            else
            {
                job.Cancel();
            }
        }
    }

    /// <summary>Stops taking publishes and cancels those waiting; a build under way is cancelled and its thread ends after it.</summary>
    public void Dispose()
    {
        if (_stopping.IsCancellationRequested) return;
        _stopping.Cancel();
        _jobs.Writer.TryComplete();
        while (_jobs.Reader.TryRead(out var job))
        {
            job.Cancel();
            job.Dispose();
            Interlocked.Decrement(ref _depth);
        }
    }

    /// <summary>One queued build and the task its caller waits on.</summary>
    private sealed class Job : IDisposable
    {
        private readonly TaskCompletionSource<EngineSnapshot> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenRegistration _registration;

        public Job(string libraryId, KnowledgeBase knowledge, CancellationToken cancellation)
        {
            LibraryId = libraryId;
            Knowledge = knowledge;
            Cancellation = cancellation;
            _registration = cancellation.Register(Cancel);
        }

        public string LibraryId { get; }
        public KnowledgeBase Knowledge { get; }
        public CancellationToken Cancellation { get; }
        public Task<EngineSnapshot> Result => _completion.Task;

        public bool Succeed(EngineSnapshot snapshot) => _completion.TrySetResult(snapshot);

        public void Fail(Exception ex) => _completion.TrySetException(ex);

        public void Cancel() => _completion.TrySetCanceled(Cancellation.IsCancellationRequested ? Cancellation : CancellationToken.None);

        public void Dispose() => _registration.Dispose();
    }
}
