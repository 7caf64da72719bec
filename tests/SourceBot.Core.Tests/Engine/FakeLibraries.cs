using System.Collections.Concurrent;
using SourceBot.Core.Engine;
using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Tests.Engine;

/// <summary>
/// The host's libraries for an <see cref="EngineCache"/>, in memory: each library's live knowledge, a count of reads, an
/// optional gate that holds reads until opened, and a failure to throw on the next read.
/// </summary>
internal sealed class FakeLibraries : ILiveKnowledgeSource
{
    private readonly ConcurrentDictionary<string, KnowledgeBase> _live = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _reads = new(StringComparer.Ordinal);
    private TaskCompletionSource? _gate;
    private Exception? _failNext;

    /// <summary>Released once for every read that starts.</summary>
    public SemaphoreSlim ReadStarted { get; } = new(0);

    public void Set(string libraryId, KnowledgeBase knowledge) => _live[libraryId] = knowledge;

    public int Reads(string libraryId) => _reads.GetValueOrDefault(libraryId);

    /// <summary>Makes reads wait until <see cref="Open"/>.</summary>
    public void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => Interlocked.Exchange(ref _gate, null)?.SetResult();

    public void FailNextRead(Exception exception) => _failNext = exception;

    public async Task<KnowledgeBase> LoadLiveAsync(string libraryId, CancellationToken cancellationToken)
    {
        _reads.AddOrUpdate(libraryId, 1, (_, n) => n + 1);
        ReadStarted.Release();
        if (Volatile.Read(ref _gate) is { } gate) await gate.Task.WaitAsync(cancellationToken);
        if (Interlocked.Exchange(ref _failNext, null) is { } failure) throw failure;
        return _live.TryGetValue(libraryId, out var knowledge) ? knowledge : throw new KeyNotFoundException($"There is no library '{libraryId}'.");
    }

    /// <summary>What <see cref="Set"/> gave last counts as published.</summary>
    public Task<string?> PublishedHashAsync(string libraryId, CancellationToken cancellationToken) =>
        Task.FromResult(_live.TryGetValue(libraryId, out var knowledge) ? knowledge.Hash : null);
}
