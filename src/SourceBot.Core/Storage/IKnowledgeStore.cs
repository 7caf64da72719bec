using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using SourceBot.Core.Moderation;

namespace SourceBot.Core.Storage;

/// <summary>
/// One library's durable knowledge: its draft (the files moderators change), its published versions (immutable file sets
/// with a manifest), its change history, and the locks that keep edits and publishes one at a time across threads and
/// processes. <see cref="FileKnowledgeStore"/> keeps them in a folder (one process, the default); a database store keeps them
/// in shared tables. Storage failures are thrown as <see cref="KnowledgeStoreException"/>; the moderation code turns them into
/// refusals that lose nothing.
/// </summary>
public interface IKnowledgeStore
{
    /// <summary>The library this store holds.</summary>
    string LibraryId { get; }

    /// <summary>Where the draft is, for messages and for file names in format errors (a folder path, or "library x, draft").</summary>
    string DraftLocation { get; }

    /// <summary>Where a version is, for messages and format errors.</summary>
    string VersionLocation(int version);

    /// <summary>Whether the draft exists at all (a folder store's folder may have been removed).</summary>
    Task<bool> DraftExistsAsync(CancellationToken cancellationToken = default);

    Task<KnowledgeFiles> ReadDraftAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes one draft file durably and atomically, or removes it when <paramref name="text"/> is null. Call under the edit lock.</summary>
    Task WriteDraftFileAsync(string name, string? text, CancellationToken cancellationToken = default);

    /// <summary>Makes the draft exactly these files, keeping the draft it replaces as a backup first. Call under the edit lock.</summary>
    Task ReplaceDraftAsync(KnowledgeFiles files, CancellationToken cancellationToken = default);

    /// <summary>Every complete published version, oldest first.</summary>
    Task<ImmutableArray<VersionManifest>> ListVersionsAsync(CancellationToken cancellationToken = default);

    Task<KnowledgeFiles> ReadVersionAsync(int version, CancellationToken cancellationToken = default);

    /// <summary>Stores a version durably: once this returns it counts and survives a crash. Fails if the number is taken.</summary>
    Task CreateVersionAsync(VersionManifest manifest, KnowledgeFiles files, CancellationToken cancellationToken = default);

    /// <summary>Takes back a version whose publish could not be finished (its history entry could not be written).</summary>
    Task WithdrawVersionAsync(int version, CancellationToken cancellationToken = default);

    Task<ImmutableArray<ChangeRecord>> ReadHistoryAsync(CancellationToken cancellationToken = default);

    /// <summary>Appends a change, numbered one after the last, durably. Call under the edit or publish lock.</summary>
    Task<ChangeRecord> AppendHistoryAsync(ChangeRecord change, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes one of the library's locks, waiting up to <paramref name="wait"/> (zero: one try). The result holds the lock
    /// until disposed, or says who holds it. A process that dies releases its locks.
    /// </summary>
    Task<StoreLock> LockAsync(StoreLockKind kind, string holder, TimeSpan wait, CancellationToken cancellationToken = default);

    /// <summary>
    /// Finishes what a process that stopped mid-publish or mid-edit left behind: leftovers removed, and a stored version
    /// without a history entry recorded as <see cref="ChangeKind.Recovered"/>. Takes both locks without waiting and does
    /// nothing when either is held (a publish or edit that is running is alive and finishes its own work).
    /// </summary>
    Task RecoverAsync(ILogger logger, TimeProvider time, CancellationToken cancellationToken = default);
}
