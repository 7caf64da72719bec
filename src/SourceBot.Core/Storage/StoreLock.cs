namespace SourceBot.Core.Storage;

/// <summary>A lock taken (<see cref="Held"/> set; dispose it to release) or refused (<see cref="HeldBy"/> says who has it).</summary>
public sealed class StoreLock : IAsyncDisposable
{
    private readonly IAsyncDisposable? _release;

    private StoreLock(IAsyncDisposable? release, string? heldBy)
    {
        _release = release;
        HeldBy = heldBy;
    }

    public static StoreLock Taken(IAsyncDisposable release) => new(release, null);

    public static StoreLock Refused(string heldBy) => new(null, heldBy);

    public bool Held => _release is not null;

    /// <summary>Who holds the lock when it was refused ("ann (publish) since 2026-12-02 10:00:00Z").</summary>
    public string? HeldBy { get; }

    public ValueTask DisposeAsync() => _release?.DisposeAsync() ?? ValueTask.CompletedTask;
}
