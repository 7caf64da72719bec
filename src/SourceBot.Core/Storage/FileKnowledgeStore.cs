using System.Collections.Immutable;
using System.Text;
using Microsoft.Extensions.Logging;
using SourceBot.Core.Knowledge;
using SourceBot.Core.Moderation;

namespace SourceBot.Core.Storage;

/// <summary>
/// A library kept in folders, for one process (or several on one machine): the draft is the knowledge folder itself, readable
/// and editable by hand and kept in git if wanted; versions are "v0001", ... folders beside the change history
/// ("history.jsonl") and lock files in the versions folder (<see cref="VersionStore"/>, <see cref="HistoryLog"/>,
/// <see cref="FileLock"/>). Every write is atomic and flushed to disk before it returns.
/// </summary>
public sealed class FileKnowledgeStore : IKnowledgeStore
{
    public FileKnowledgeStore(string libraryId, string draftFolder, string versionsFolder)
    {
        LibraryId = libraryId;
        DraftFolder = Path.GetFullPath(draftFolder);
        Versions = new VersionStore(versionsFolder);
        History = new HistoryLog(Path.Combine(Versions.Root, "history.jsonl"));
    }

    public string LibraryId { get; }

    /// <summary>The knowledge folder.</summary>
    public string DraftFolder { get; }

    public VersionStore Versions { get; }

    public HistoryLog History { get; }

    public string DraftLocation => DraftFolder;

    public string VersionLocation(int version) => Versions.FolderOf(version);

    /// <summary>Called between writing a temporary file and renaming it over a knowledge file; tests use it to simulate a crash or a full disk.</summary>
    internal Action<string>? BeforeRename { get; set; }

    public Task<bool> DraftExistsAsync(CancellationToken cancellationToken = default) => Task.FromResult(Directory.Exists(DraftFolder));

    public Task<KnowledgeFiles> ReadDraftAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Directory.Exists(DraftFolder) ? KnowledgeFiles.ReadFolder(DraftFolder) : KnowledgeFiles.Empty);

    public Task WriteDraftFileAsync(string name, string? text, CancellationToken cancellationToken = default)
    {
        CheckName(name);
        var path = Path.Combine(DraftFolder, name);
        if (text is null)
        {
            if (File.Exists(path)) AtomicFile.Delete(path);
        }
        else
        {
            Directory.CreateDirectory(DraftFolder);
            AtomicFile.WriteAllText(path, text, BeforeRename);
        }
        return Task.CompletedTask;
    }

    /// <summary>The draft as it was is copied under "drafts/" in the versions folder, flushed, and only then overwritten.</summary>
    public Task ReplaceDraftAsync(KnowledgeFiles files, CancellationToken cancellationToken = default)
    {
        var drafts = Path.Combine(Versions.Root, "drafts");
        var backup = Path.Combine(drafts, "draft-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(backup);
        var current = VersionStore.KnowledgeFiles(DraftFolder).ToList();
        foreach (var f in current) AtomicFile.CopyToDisk(f, Path.Combine(backup, Path.GetFileName(f)));
        // Once the draft is overwritten the backup is its only copy, so the backup is on disk before the first overwrite.
        DirectoryFlush.ToDisk(backup);
        DirectoryFlush.ToDisk(drafts);
        DirectoryFlush.ToDisk(Versions.Root);
        foreach (var (name, text) in files.Files) AtomicFile.WriteAllText(Path.Combine(DraftFolder, name), text, BeforeRename);
        foreach (var f in current.Where(f => !files.Files.ContainsKey(Path.GetFileName(f)))) AtomicFile.Delete(f);
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<VersionManifest>> ListVersionsAsync(CancellationToken cancellationToken = default) => Task.FromResult(Versions.List());

    public Task<KnowledgeFiles> ReadVersionAsync(int version, CancellationToken cancellationToken = default)
    {
        var folder = Versions.FolderOf(version);
        if (!Directory.Exists(folder)) throw new KnowledgeStoreException($"Version v{version} does not exist in '{Versions.Root}'.");
        return Task.FromResult(KnowledgeFiles.ReadFolder(folder));
    }

    public Task CreateVersionAsync(VersionManifest manifest, KnowledgeFiles files, CancellationToken cancellationToken = default)
    {
        Versions.Create(files, manifest);
        return Task.CompletedTask;
    }

    public Task WithdrawVersionAsync(int version, CancellationToken cancellationToken = default)
    {
        Versions.Withdraw(version);
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<ChangeRecord>> ReadHistoryAsync(CancellationToken cancellationToken = default) => Task.FromResult(History.Read());

    public Task<ChangeRecord> AppendHistoryAsync(ChangeRecord change, CancellationToken cancellationToken = default) => Task.FromResult(History.Append(change));

    public async Task<StoreLock> LockAsync(StoreLockKind kind, string holder, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(Versions.Root, kind == StoreLockKind.Edit ? "edit.lock" : "publish.lock");
        var (fileLock, heldBy) = wait <= TimeSpan.Zero
            ? (FileLock.TryAcquire(path, holder, DateTimeOffset.UtcNow, out var h), h)
            : await FileLock.AcquireAsync(path, holder, TimeProvider.System, wait, cancellationToken).ConfigureAwait(false);
        return fileLock is null ? StoreLock.Refused(heldBy ?? "another process") : StoreLock.Taken(new Release(fileLock));
    }

    public async Task RecoverAsync(ILogger logger, TimeProvider time, CancellationToken cancellationToken = default)
    {
        // Nothing was ever published: nothing can have been interrupted (and a read must not create the versions folder).
        if (!Directory.Exists(Versions.Root)) return;
        await using var publishLock = await LockAsync(StoreLockKind.Publish, "start-up recovery", TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        if (!publishLock.Held) return;
        await using var editLock = await LockAsync(StoreLockKind.Edit, "start-up recovery", TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        if (!editLock.Held) return;
        PublishRecovery.Run(Versions, History, DraftFolder, logger, time);
    }

    private static void CheckName(string name)
    {
        if (!KnowledgeFiles.IsKnowledgeFileName(name)) throw new ArgumentException($"'{name}' is not a knowledge file name.", nameof(name));
    }

    private sealed class Release(FileLock fileLock) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            fileLock.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
