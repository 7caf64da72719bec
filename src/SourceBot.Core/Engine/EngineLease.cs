namespace SourceBot.Core.Engine;

/// <summary>
/// A library's engine, held for one use (a question, a preview): while the lease is open the engine is neither evicted nor
/// unloaded, and its snapshot stays usable even if a publish replaces it. Dispose it when done (disposing twice is harmless).
/// </summary>
public sealed class EngineLease : IDisposable
{
    private readonly SnapshotLease _snapshot;
    private Action? _release;

    internal EngineLease(string libraryId, AnswerEngine engine, SnapshotLease snapshot, Action release)
    {
        LibraryId = libraryId;
        Engine = engine;
        _snapshot = snapshot;
        _release = release;
    }

    public string LibraryId { get; }

    /// <summary>
    /// The engine that answers for the library. Every library on the same knowledge shares it, so it is never swapped:
    /// a new version goes in through <see cref="EngineCache.Publish"/>.
    /// </summary>
    public AnswerEngine Engine { get; }

    /// <summary>The snapshot the engine answers from.</summary>
    public EngineSnapshot Snapshot => _snapshot.Snapshot;

    public void Dispose()
    {
        Interlocked.Exchange(ref _release, null)?.Invoke();
        _snapshot.Dispose();
    }
}
