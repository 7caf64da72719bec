using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using SourceBot.Core.Engine;
using SourceBot.Core.Knowledge;
using SourceBot.Core.Storage;

namespace SourceBot.Core.Moderation;

/// <summary>
/// Publishing: validates the draft, trains the models off the hot path, checks them, stores the draft as a new immutable
/// version and swaps the live engine; a rollback publishes an earlier version again, in one step. One at a time per library
/// (the publish lock); on any failure the old version stays live and the result says why.
/// </summary>
internal sealed class Publisher(ModerationContext context)
{
    private static readonly TimeSpan EditLockWait = TimeSpan.FromSeconds(10);

    private IKnowledgeStore Store => context.Store;

    /// <summary>Called after a publish stores its version and before it records it in the history; tests use it to simulate a crash between the two.</summary>
    public Action<VersionManifest>? AfterVersionStored { get; set; }

    public async Task<PublishResult> PublishAsync(Actor actor, string? why, CancellationToken cancellationToken)
    {
        var (publishLock, lockError) = await LockPublishAsync(actor, "publish", cancellationToken).ConfigureAwait(false);
        if (lockError is not null) return PublishResult.Fail($"Publish failed, the live version is unchanged: {lockError}", PublishOutcome.StoreFailed);
        await using var held = publishLock!;
        try
        {
            if (!publishLock!.Held) return PublishResult.Fail($"Another publish is in progress by {publishLock.HeldBy}; nothing was published. Try again when it finishes.", PublishOutcome.Busy);
            var live = await context.LatestAsync(cancellationToken).ConfigureAwait(false);
            KnowledgeFiles files;
            // Read the draft under the edit lock, so the version is exactly the files validated and trained, even if edits go on.
            await using (var editLock = await Store.LockAsync(StoreLockKind.Edit, $"{actor.Name} (publish)", EditLockWait, cancellationToken).ConfigureAwait(false))
            {
                if (!editLock.Held) return PublishResult.Fail($"The draft is being changed by {editLock.HeldBy}; nothing was published. Try again in a moment.", PublishOutcome.Busy);
                files = await Store.ReadDraftAsync(cancellationToken).ConfigureAwait(false);
            }
            KnowledgeBase draft;
            try
            {
                draft = files.Parse(Store.DraftLocation);
            }
            catch (KnowledgeFormatException ex)
            {
                return PublishResult.Fail($"Publish failed, {(live is null ? "the current knowledge" : $"v{live.Version}")} stays live: the draft has a bad file. {ex.Message}");
            }
            var liveKb = live is null ? null : (await Store.ReadVersionAsync(live.Version, cancellationToken).ConfigureAwait(false)).Parse(Store.VersionLocation(live.Version), allowEmpty: true);
            if (liveKb is not null && liveKb.Hash == draft.Hash)
                return new PublishResult(true, $"Nothing to publish: the draft is the same as the live version v{live!.Version}.", live, []) { Outcome = PublishOutcome.NothingToPublish };
            var diff = KnowledgeDiff.Describe(liveKb, draft);
            return await BuildCheckAndInstallAsync(actor, why, draft, files, diff, ChangeKind.Publish, rolledBackTo: null, live, restoreDraft: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StoreFailure.Is(ex))
        {
            return PublishResult.Fail($"Publish failed, the live version is unchanged: cannot write the versions folder ({ex.Message}).", PublishOutcome.StoreFailed);
        }
    }

    public async Task<PublishResult> RollbackAsync(Actor actor, int version, string? why, CancellationToken cancellationToken)
    {
        var (publishLock, lockError) = await LockPublishAsync(actor, "rollback", cancellationToken).ConfigureAwait(false);
        if (lockError is not null) return PublishResult.Fail($"Rollback failed, the live version is unchanged: {lockError}", PublishOutcome.StoreFailed);
        await using var held = publishLock!;
        try
        {
            if (!publishLock!.Held) return PublishResult.Fail($"Another publish is in progress by {publishLock.HeldBy}; nothing was rolled back. Try again when it finishes.", PublishOutcome.Busy);
            var versions = await Store.ListVersionsAsync(cancellationToken).ConfigureAwait(false);
            var target = versions.FirstOrDefault(v => v.Version == version);
            if (target is null)
            {
                return PublishResult.Fail(versions.IsEmpty
                    ? "Nothing to roll back to: no version has been published yet."
                    : $"No published version v{version}; the versions are v{versions[0].Version} to v{versions[^1].Version}.");
            }
            var live = versions[^1];
            var files = await Store.ReadVersionAsync(version, cancellationToken).ConfigureAwait(false);
            KnowledgeBase knowledge;
            try
            {
                knowledge = files.Parse(Store.VersionLocation(version));
            }
            catch (KnowledgeFormatException ex)
            {
                return PublishResult.Fail($"Rollback failed, v{live.Version} stays live: v{version} cannot be read. {ex.Message}");
            }
            var liveKb = (await Store.ReadVersionAsync(live.Version, cancellationToken).ConfigureAwait(false)).Parse(Store.VersionLocation(live.Version), allowEmpty: true);
            var diff = KnowledgeDiff.Describe(liveKb, knowledge);
            return await BuildCheckAndInstallAsync(actor, why, knowledge, files, diff, ChangeKind.Rollback, version, live, restoreDraft: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StoreFailure.Is(ex))
        {
            return PublishResult.Fail($"Rollback failed: cannot write the knowledge or versions folder ({ex.Message}).", PublishOutcome.StoreFailed);
        }
    }

    private async Task<PublishResult> BuildCheckAndInstallAsync(Actor actor, string? why, KnowledgeBase knowledge, KnowledgeFiles files, List<string> diff,
        ChangeKind kind, int? rolledBackTo, VersionManifest? live, bool restoreDraft, CancellationToken cancellationToken)
    {
        string liveName = live is null ? "the current knowledge" : $"v{live.Version}";
        string verb = kind == ChangeKind.Rollback ? "Rollback" : "Publish";
        EngineSnapshot snapshot;
        try
        {
            snapshot = await context.BuildAsync(knowledge, cancellationToken).ConfigureAwait(false);
        }
        catch (TrainingQueueFullException ex)
        {
            return PublishResult.Fail($"{verb} not started, {liveName} stays live: {ex.Message}", PublishOutcome.Busy);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            context.Logger.LogWarning(ex, "Training for knowledge {KnowledgeHash} of library {Library} failed", knowledge.Hash[..12], Store.LibraryId);
            return PublishResult.Fail($"{verb} failed, {liveName} stays live: training the models failed ({ex.Message}).", PublishOutcome.TrainingFailed);
        }
        bool installed = false;
        try
        {
            var warnings = Check(snapshot);
            if (warnings.Error is not null) return PublishResult.Fail($"{verb} failed, {liveName} stays live: {warnings.Error}", PublishOutcome.TrainingFailed);

            if (restoreDraft)
            {
                await using var editLock = await Store.LockAsync(StoreLockKind.Edit, $"{actor.Name} (rollback)", EditLockWait, cancellationToken).ConfigureAwait(false);
                if (!editLock.Held) return PublishResult.Fail($"The draft is being changed by {editLock.HeldBy}; nothing was rolled back. Try again in a moment.", PublishOutcome.Busy);
                await Store.ReplaceDraftAsync(files, cancellationToken).ConfigureAwait(false);
            }

            int number = ((await context.LatestAsync(cancellationToken).ConfigureAwait(false))?.Version ?? 0) + 1;
            var what = kind == ChangeKind.Rollback ? $"rolled back to v{rolledBackTo}: {KnowledgeDiff.Summary(diff)}" : KnowledgeDiff.Summary(diff);
            var manifest = new VersionManifest(number, context.Time.GetUtcNow(), actor.Id, actor.Name, what, DraftEditor.Blank(why), knowledge.Hash, rolledBackTo);
            // The version first, then its history entry: a crash between the two is recorded as recovered at the next start.
            await Store.CreateVersionAsync(manifest, files, cancellationToken).ConfigureAwait(false);
            AfterVersionStored?.Invoke(manifest);
            ChangeRecord change;
            try
            {
                change = await Store.AppendHistoryAsync(new ChangeRecord(0, manifest.At, actor.Id, actor.Name, kind,
                    kind == ChangeKind.Rollback ? $"v{rolledBackTo}" : "draft", what, manifest.Why, number, knowledge.Hash), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (StoreFailure.Is(ex))
            {
                return await WithdrawUnrecordedAsync(number, $"{verb} failed", liveName, ex).ConfigureAwait(false);
            }
            if (context.Live is not null)
            {
                // The old snapshot is released when the last question still answering on it finishes.
                context.Live.Swap(snapshot).Dispose();
                installed = true;
            }
            else if (context.Cache is not null)
            {
                context.Cache.Publish(Store.LibraryId, snapshot);
                installed = true;
            }
            context.Logger.LogInformation("{Actor} published v{Version} of library {Library} ({What})", actor.Name, number, Store.LibraryId, what);
            var message = kind == ChangeKind.Rollback
                ? $"Rolled back: v{number} is live, with the knowledge of v{rolledBackTo} ({KnowledgeDiff.Summary(diff)}). The draft now matches it."
                : $"Published v{number}: {what}.";
            return new PublishResult(true, message, manifest, warnings.Warnings, change);
        }
        finally
        {
            if (!installed) snapshot.Dispose();
        }
    }

    /// <summary>The publish lock, held for a whole publish or rollback; a store that cannot be written is an error message, not an exception.</summary>
    private async Task<(StoreLock? Lock, string? Error)> LockPublishAsync(Actor actor, string what, CancellationToken cancellationToken)
    {
        try
        {
            return (await Store.LockAsync(StoreLockKind.Publish, $"{actor.Name} ({what})", TimeSpan.Zero, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (StoreFailure.Is(ex))
        {
            return (null, $"cannot write the versions folder ({ex.Message}).");
        }
    }

    /// <summary>Checks a built snapshot before it goes live: it answers a question from each source and every taught question without error.</summary>
    private (string? Error, ImmutableArray<string> Warnings) Check(EngineSnapshot snapshot)
    {
        var warnings = ImmutableArray.CreateBuilder<string>();
        var kb = snapshot.Knowledge;
        foreach (var t in kb.TaughtQuestions)
        {
            if (t.PassageId is null) continue;
            var p = kb.FindPassage(t.PassageId);
            if (p is null) warnings.Add($"taught {t.Id} names {t.PassageId}, which no longer exists; it is not used.");
            else if (p.Hidden) warnings.Add($"taught {t.Id} names {t.PassageId}, which is hidden; it is not used.");
        }
        var engine = new AnswerEngine(snapshot, context.Engines.Options);
        try
        {
            foreach (var s in kb.Sources)
            {
                var first = s.Passages.FirstOrDefault(p => !p.Hidden);
                if (first is not null) engine.Ask(string.Join(' ', FootnoteMarkers.Strip(first.Text).Split(' ').Take(12)));
            }
            foreach (var t in kb.UsableTaughtQuestions)
            {
                var a = engine.Ask(t.Question);
                if (t.PassageId is not null && a.PassageId != t.PassageId)
                    warnings.Add($"taught {t.Id} is answered from {a.PassageId ?? "nothing"}, not {t.PassageId}.");
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return ($"the new models fail to answer ({ex.GetType().Name}: {ex.Message}).", []);
        }
        return (null, warnings.ToImmutable());
    }

    /// <summary>A version whose history entry could not be written must not count, so history and versions agree: it is taken back.</summary>
    private async Task<PublishResult> WithdrawUnrecordedAsync(int version, string failed, string liveName, Exception historyError)
    {
        try
        {
            await Store.WithdrawVersionAsync(version, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (StoreFailure.Is(ex))
        {
            context.Logger.LogError(ex, "Version v{Version} of library {Library} was stored but neither recorded in the history nor taken back", version, Store.LibraryId);
            return PublishResult.Fail($"{failed}: v{version} was stored, but its history entry could not be written ({historyError.Message}) and it could not be taken back ({ex.Message}). It is recorded as recovered the next time the knowledge is opened.", PublishOutcome.StoreFailed);
        }
        return PublishResult.Fail($"{failed}, {liveName} stays live: the history could not be written ({historyError.Message}).", PublishOutcome.StoreFailed);
    }
}
