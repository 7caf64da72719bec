namespace SourceBot.Core.Engine;

/// <summary>
/// A reader's hold on an <see cref="EngineSnapshot"/>: while it is open the snapshot is not released, even if it has been
/// swapped out meanwhile. Get one from <see cref="AnswerEngine.Acquire"/> (the live snapshot) or
/// <see cref="EngineSnapshot.Lease"/>, and dispose it when done (disposing twice is harmless).
/// </summary>
public sealed class SnapshotLease : IDisposable
{
    private EngineSnapshot? _snapshot;

    /// <summary>Wraps a reference the caller has already added to <paramref name="snapshot"/>.</summary>
    internal SnapshotLease(EngineSnapshot snapshot) => _snapshot = snapshot;

    /// <summary>The leased snapshot.</summary>
    /// <exception cref="ObjectDisposedException">The lease has been disposed.</exception>
    public EngineSnapshot Snapshot => Volatile.Read(ref _snapshot) ?? throw new ObjectDisposedException(nameof(SnapshotLease));

    public void Dispose() => Interlocked.Exchange(ref _snapshot, null)?.Release();
}
