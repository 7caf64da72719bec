using System.Collections.Concurrent;
using SourceBot.Core.Engine;
using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Tests.Engine;

/// <summary>
/// A snapshot builder that holds every build at its start until <see cref="LetGo"/>, then builds for real; it records each
/// build's knowledge and the thread it ran on (as it was during the build), and signals <see cref="Started"/> once per build.
/// </summary>
internal sealed class HeldBuilds(Func<KnowledgeBase, CancellationToken, EngineSnapshot> build) : IDisposable
{
    private readonly ManualResetEventSlim _open = new(false);
    private readonly ConcurrentQueue<(KnowledgeBase Knowledge, BuildThread Thread)> _runs = new();

    public SemaphoreSlim Started { get; } = new(0);

    public IReadOnlyList<KnowledgeBase> Built => [.. _runs.Select(r => r.Knowledge)];

    public IReadOnlyList<BuildThread> Threads => [.. _runs.Select(r => r.Thread)];

    public void LetGo() => _open.Set();

    public EngineSnapshot Build(KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        var thread = Thread.CurrentThread;
        _runs.Enqueue((knowledge, new BuildThread(thread.Name, thread.IsThreadPoolThread, thread.Priority)));
        Started.Release();
        _open.Wait(cancellationToken);
        return build(knowledge, cancellationToken);
    }

    public async Task WaitForStartAsync()
    {
        if (!await Started.WaitAsync(HangGuard.Limit)) throw new TimeoutException("No build started.");
    }

    /// <summary>Lets every held build go, so no worker is left waiting when a test ends.</summary>
    public void Dispose() => _open.Set();
}
