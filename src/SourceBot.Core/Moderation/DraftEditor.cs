using System.Collections.Immutable;
using SourceBot.Core.Answers;
using SourceBot.Core.Import;
using SourceBot.Core.Knowledge;
using SourceBot.Core.Storage;
using SourceBot.Core.Text;

namespace SourceBot.Core.Moderation;

/// <summary>
/// Draft editing: every change to a library's draft (add or re-import a source, edit, hide, unhide, metadata, teach, untaught)
/// is made under the edit lock, written atomically and recorded in the history with who, when, what and why; if the history
/// cannot be written the change is undone, so history and files agree. Expected failures come back as results, never thrown.
/// </summary>
internal sealed class DraftEditor(ModerationContext context)
{
    private static readonly TimeSpan EditLockWait = TimeSpan.FromSeconds(10);

    private IKnowledgeStore Store => context.Store;

    public async Task<KbResult> AddSourceAsync(Actor actor, string fileName, byte[] content, ImportOptions? importOptions, string? why, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var name = Path.GetFileName(string.IsNullOrWhiteSpace(fileName) ? "source.txt" : fileName);
        if (content.Length == 0) return KbResult.Fail($"'{name}' is empty; nothing was added.");
        if (content.Length > context.Options.MaxSourceBytes)
            return KbResult.Fail($"'{name}' is {content.Length:N0} bytes, over the limit of {context.Options.MaxSourceBytes:N0}; nothing was added.");
        if (LooksBinary(content)) return KbResult.Fail($"'{name}' is not text (it looks like binary data); send the page as plain text.");

        var tmpDir = Directory.CreateTempSubdirectory("sourcebot-add-").FullName;
        try
        {
            var rawPath = Path.Combine(tmpDir, name);
            await File.WriteAllBytesAsync(rawPath, content, cancellationToken).ConfigureAwait(false);
            return await EditAsync(actor, cancellationToken, async draft =>
            {
                ImportResult result;
                try
                {
                    result = SourceImporter.ImportAgainst(rawPath, id => ExistingSource(draft, id), importOptions ?? ImportOptions.Default);
                }
                catch (ImportException ex)
                {
                    return (KbResult.Fail($"Cannot add '{name}': {ex.Message}"), null);
                }
                var fileName = KnowledgeFiles.SourceFileName(result.Source.Id);
                var before = draft.Get(fileName);
                bool existed = before is not null;
                if (!existed && LimitRefusal(draft, result) is { } refusal) return (KbResult.Fail(refusal), null);
                await EnsureBaselineAsync(actor, draft, cancellationToken).ConfigureAwait(false);
                await Store.WriteDraftFileAsync(fileName, KnowledgeFile.Write(result.Source), cancellationToken).ConfigureAwait(false);
                var what = existed
                    ? $"re-imported source {result.Source.Id} from {name} ({result.Report.KeptPassages} passages; ids kept)"
                    : $"added source {result.Source.Id} \"{result.Source.Metadata.Title}\" from {name} ({result.Report.KeptPassages} passages, {result.Report.Footnotes} footnotes)";
                var change = NewChange(actor, ChangeKind.AddSource, result.Source.Id, what, why);
                return (new KbResult(true, what, change, result.Report), () => Store.WriteDraftFileAsync(fileName, before, CancellationToken.None));
            }).ConfigureAwait(false);
        }
        finally
        {
            try { Directory.Delete(tmpDir, recursive: true); } catch (IOException) { }
        }
    }

    public Task<KbResult> EditPassageAsync(Actor actor, string passageId, string newText, string? why, CancellationToken cancellationToken)
    {
        var text = CollapseWhitespace(newText ?? "");
        if (text.Length == 0)
            return Task.FromResult(KbResult.Fail($"Refused: the new text of {passageId} is empty. To take a passage out of answers, hide it instead."));
        return ChangePassageAsync(actor, passageId, ChangeKind.EditPassage, why, cancellationToken, p =>
            p.Text == text ? null : p with { Text = text },
            p => $"edited {p.Id} ({p.Text.Length} -> {text.Length} characters)");
    }

    public Task<KbResult> SetHiddenAsync(Actor actor, string passageId, bool hidden, string? why, CancellationToken cancellationToken) =>
        ChangePassageAsync(actor, passageId, hidden ? ChangeKind.HidePassage : ChangeKind.UnhidePassage, why, cancellationToken,
            p => p.Hidden == hidden ? null : p with { Hidden = hidden },
            p => $"{(hidden ? "hid" : "unhid")} {p.Id}");

    public Task<KbResult> EditMetadataAsync(Actor actor, string sourceId, MetadataEdit edit, string? why, CancellationToken cancellationToken)
    {
        if (edit.IsEmpty) return Task.FromResult(KbResult.Fail("Nothing to change: give at least one of title, authors, publisher, date or url."));
        if (edit.Title is not null && string.IsNullOrWhiteSpace(edit.Title)) return Task.FromResult(KbResult.Fail("Refused: a source's title cannot be empty."));
        return EditAsync(actor, cancellationToken, async draft =>
        {
            var source = ReadDraftSource(draft, sourceId, out var error);
            if (source is null) return (KbResult.Fail(error!), null);
            var m = source.Metadata;
            var updated = m with
            {
                Title = edit.Title?.Trim() ?? m.Title,
                Authors = edit.Authors is null ? m.Authors : [.. edit.Authors.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim())],
                Publisher = edit.Publisher is null ? m.Publisher : Blank(edit.Publisher),
                Date = edit.Date is null ? m.Date : Blank(edit.Date),
                Url = edit.Url is null ? m.Url : Blank(edit.Url),
            };
            var fields = new List<string>();
            if (updated.Title != m.Title) fields.Add("title");
            if (!updated.Authors.SequenceEqual(m.Authors)) fields.Add("authors");
            if (updated.Publisher != m.Publisher) fields.Add("publisher");
            if (updated.Date != m.Date) fields.Add("date");
            if (updated.Url != m.Url) fields.Add("url");
            if (fields.Count == 0) return (KbResult.Fail($"Nothing changed: {sourceId} already has that metadata.", KbOutcome.NoChange), null);
            var fileName = KnowledgeFiles.SourceFileName(sourceId);
            var before = draft.Get(fileName);
            await EnsureBaselineAsync(actor, draft, cancellationToken).ConfigureAwait(false);
            await Store.WriteDraftFileAsync(fileName, KnowledgeFile.Write(source with { Metadata = updated }), cancellationToken).ConfigureAwait(false);
            var what = $"changed {string.Join(", ", fields)} of {sourceId}";
            return (new KbResult(true, what, NewChange(actor, ChangeKind.EditMetadata, sourceId, what, why)), () => Store.WriteDraftFileAsync(fileName, before, CancellationToken.None));
        });
    }

    public Task<KbResult> TeachAsync(Actor actor, string question, string? passageId, string? why, CancellationToken cancellationToken)
    {
        var q = QuestionText.Clean(question);
        if (q.Length == 0) return Task.FromResult(KbResult.Fail("Refused: the question is empty."));
        if (q.Length > QuestionText.MaxLength) return Task.FromResult(KbResult.Fail($"Refused: the question is over {QuestionText.MaxLength:N0} characters."));
        return EditAsync(actor, cancellationToken, async draftFiles =>
        {
            var draft = draftFiles.Parse(Store.DraftLocation, allowEmpty: true);
            if (passageId is not null)
            {
                var passage = draft.FindPassage(passageId);
                if (passage is null) return (KbResult.Fail($"Refused: passage {passageId} does not exist (any more) in the knowledge; pick another passage or \"not covered\"."), null);
                if (passage.Hidden) return (KbResult.Fail($"Refused: passage {passageId} is hidden, so it cannot answer; unhide it first or pick another passage."), null);
            }
            using var analysis = new TextAnalysis();
            var terms = analysis.Terms(q).ToHashSet(StringComparer.Ordinal);
            foreach (var t in draft.TaughtQuestions)
            {
                if (TaughtMatcher.Jaccard(terms, analysis.Terms(t.Question).ToHashSet(StringComparer.Ordinal)) < TaughtMatcher.MinSimilarity) continue;
                return t.PassageId == passageId
                    ? (KbResult.Fail($"Already taught as {t.Id}: \"{t.Question}\" -> {t.PassageId ?? "not covered"}."), null)
                    : (KbResult.Fail($"Refused: \"{t.Question}\" is already taught as {t.Id} -> {t.PassageId ?? "not covered"}; remove it first (untaught {t.Id}) to teach another answer."), null);
            }
            var publishedIds = await PublishedTaughtIdsAsync(cancellationToken).ConfigureAwait(false);
            int pending = draft.TaughtQuestions.Count(t => t.ById == actor.Id && !publishedIds.Contains(t.Id));
            if (pending >= context.Options.MaxPendingTaughtPerUser)
                return (KbResult.Fail($"Refused: {actor.Name} already has {pending} taught questions waiting for the next publish (the limit is {context.Options.MaxPendingTaughtPerUser}). Publish or remove some first."), null);
            int pendingAll = draft.TaughtQuestions.Count(t => !publishedIds.Contains(t.Id));
            if (pendingAll >= context.Options.Limits.MaxPendingTaught)
                return (KbResult.Fail($"Refused: this library already has {pendingAll} taught questions waiting for the next publish (the limit is {context.Options.Limits.MaxPendingTaught}). Publish or remove some first."), null);

            var taught = new TaughtQuestion(TaughtFile.NextId(draft.TaughtQuestions), q, passageId, actor.Id, actor.Name, context.Time.GetUtcNow(), Blank(why));
            var before = draftFiles.Get(TaughtFile.FileName);
            await EnsureBaselineAsync(actor, draftFiles, cancellationToken).ConfigureAwait(false);
            await Store.WriteDraftFileAsync(TaughtFile.FileName, TaughtFile.Write([.. draft.TaughtQuestions, taught]), cancellationToken).ConfigureAwait(false);
            var what = $"taught {taught.Id} \"{q}\" -> {passageId ?? "not covered"} (used from the next publish)";
            return (new KbResult(true, what, NewChange(actor, ChangeKind.Teach, taught.Id, what, why)), () => Store.WriteDraftFileAsync(TaughtFile.FileName, before, CancellationToken.None));
        });
    }

    public Task<KbResult> RemoveTaughtAsync(Actor actor, string taughtId, string? why, CancellationToken cancellationToken) =>
        EditAsync(actor, cancellationToken, async draftFiles =>
        {
            var before = draftFiles.Get(TaughtFile.FileName);
            var taught = before is null ? [] : TaughtFile.Parse(before, Path.Combine(Store.DraftLocation, TaughtFile.FileName));
            var t = taught.FirstOrDefault(x => x.Id == taughtId);
            if (t is null) return (KbResult.Fail($"No taught question {taughtId}; see `kb taught` for the list.", KbOutcome.NotFound), null);
            await EnsureBaselineAsync(actor, draftFiles, cancellationToken).ConfigureAwait(false);
            var rest = taught.Where(x => x.Id != taughtId).ToList();
            await Store.WriteDraftFileAsync(TaughtFile.FileName, rest.Count == 0 ? null : TaughtFile.Write(rest), cancellationToken).ConfigureAwait(false);
            var what = $"removed taught {t.Id} \"{t.Question}\" -> {t.PassageId ?? "not covered"}";
            return (new KbResult(true, what, NewChange(actor, ChangeKind.RemoveTaught, t.Id, what, why)), () => Store.WriteDraftFileAsync(TaughtFile.FileName, before, CancellationToken.None));
        });

    public async Task<ImmutableArray<TaughtListing>> ListTaughtAsync(string? passageId, CancellationToken cancellationToken)
    {
        var draft = (await Store.ReadDraftAsync(cancellationToken).ConfigureAwait(false)).Parse(Store.DraftLocation, allowEmpty: true);
        var published = await PublishedTaughtIdsAsync(cancellationToken).ConfigureAwait(false);
        return [.. draft.TaughtQuestions
            .Where(t => passageId is null || t.PassageId == passageId)
            .Select(t => new TaughtListing(t, published.Contains(t.Id),
                t.PassageId is null ? "not covered" : draft.FindPassage(t.PassageId) switch { null => "passage gone", { Hidden: true } => "passage hidden", _ => "ok" }))];
    }

    /// <summary>
    /// Runs one draft change under the edit lock: the change writes its files and returns its result and an undo; the
    /// history entry is then appended, and if that fails the change is undone, so history and files agree.
    /// </summary>
    private async Task<KbResult> EditAsync(Actor actor, CancellationToken cancellationToken, Func<KnowledgeFiles, Task<(KbResult Result, Func<Task>? Undo)>> change)
    {
        try
        {
            if (!await Store.DraftExistsAsync(cancellationToken).ConfigureAwait(false)) return KbResult.Fail($"The knowledge folder '{Store.DraftLocation}' does not exist.");
            await using var editLock = await Store.LockAsync(StoreLockKind.Edit, actor.Name, EditLockWait, cancellationToken).ConfigureAwait(false);
            if (!editLock.Held) return KbResult.Fail($"The knowledge is being changed by {editLock.HeldBy}; try again in a moment.", KbOutcome.Busy);
            var draft = await Store.ReadDraftAsync(cancellationToken).ConfigureAwait(false);
            (KbResult result, Func<Task>? undo) = await change(draft).ConfigureAwait(false);
            if (!result.Succeeded || result.Change is null) return result;
            try
            {
                var recorded = await Store.AppendHistoryAsync(result.Change, cancellationToken).ConfigureAwait(false);
                return result with { Change = recorded };
            }
            catch (Exception ex) when (StoreFailure.Is(ex))
            {
                if (undo is not null) await undo().ConfigureAwait(false);
                return KbResult.Fail($"The change was not made: the history could not be written ({ex.Message}).", KbOutcome.StoreFailed);
            }
        }
        catch (KnowledgeFormatException ex)
        {
            return KbResult.Fail("The knowledge folder has a bad file, so nothing was changed: " + ex.Message);
        }
        catch (Exception ex) when (StoreFailure.Is(ex))
        {
            return KbResult.Fail($"The change was not made: cannot write the knowledge folder ({ex.Message}). The last good version of every file is intact.", KbOutcome.StoreFailed);
        }
    }

    private Task<KbResult> ChangePassageAsync(Actor actor, string passageId, ChangeKind kind, string? why, CancellationToken cancellationToken,
        Func<Passage, Passage?> apply, Func<Passage, string> describe) =>
        EditAsync(actor, cancellationToken, async draft =>
        {
            var sourceId = passageId.Contains('#', StringComparison.Ordinal) ? passageId[..passageId.IndexOf('#', StringComparison.Ordinal)] : "";
            var source = sourceId.Length == 0 ? null : ReadDraftSource(draft, sourceId, out _);
            var passage = source?.Passages.FirstOrDefault(p => p.Id == passageId);
            if (source is null || passage is null)
                return (KbResult.Fail($"No passage {passageId} in the knowledge (a passage id is the source id, then #p and a number, e.g. source#p4).", KbOutcome.NotFound), null);
            var updated = apply(passage);
            if (updated is null) return (KbResult.Fail($"Nothing changed: {passageId} is already like that.", KbOutcome.NoChange), null);
            var newSource = source with { Passages = [.. source.Passages.Select(p => p.Id == passageId ? updated : p)] };
            // The file format must give back exactly this passage, or the edit would change more than it says.
            var reparsed = KnowledgeFile.Parse(KnowledgeFile.Write(newSource), source.Id).Passages.First(p => p.Id == passageId);
            if (reparsed != updated) return (KbResult.Fail($"Refused: that text cannot be stored as passage {passageId} unchanged."), null);
            var fileName = KnowledgeFiles.SourceFileName(source.Id);
            var before = draft.Get(fileName);
            await EnsureBaselineAsync(actor, draft, cancellationToken).ConfigureAwait(false);
            await Store.WriteDraftFileAsync(fileName, KnowledgeFile.Write(newSource), cancellationToken).ConfigureAwait(false);
            var what = describe(passage);
            return (new KbResult(true, what, NewChange(actor, kind, passageId, what, why)), () => Store.WriteDraftFileAsync(fileName, before, CancellationToken.None));
        });

    /// <summary>
    /// Called just before a draft change is written. Before the first moderated change, the draft as it stands becomes v1,
    /// so the live version is pinned and drafts never go live without a publish. A library created empty has nothing to pin.
    /// </summary>
    private async Task EnsureBaselineAsync(Actor actor, KnowledgeFiles draftFiles, CancellationToken cancellationToken)
    {
        if (draftFiles.Count == 0 || await context.LatestAsync(cancellationToken).ConfigureAwait(false) is not null) return;
        var kb = draftFiles.Parse(Store.DraftLocation);
        var manifest = new VersionManifest(1, context.Time.GetUtcNow(), actor.Id, actor.Name, $"baseline: the knowledge folder before the first moderated change ({kb.Sources.Length} sources, {kb.Passages.Length} passages)", null, kb.Hash);
        await Store.CreateVersionAsync(manifest, draftFiles, cancellationToken).ConfigureAwait(false);
        try
        {
            await Store.AppendHistoryAsync(new ChangeRecord(0, manifest.At, actor.Id, actor.Name, ChangeKind.Publish, "draft", manifest.What, null, 1, kb.Hash), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StoreFailure.Is(ex))
        {
            // An unrecorded version must not count; should taking it back fail too, the next start records it as recovered.
            try { await Store.WithdrawVersionAsync(1, CancellationToken.None).ConfigureAwait(false); } catch (Exception undo) when (StoreFailure.Is(undo)) { }
            throw;
        }
    }

    private async Task<HashSet<string>> PublishedTaughtIdsAsync(CancellationToken cancellationToken)
    {
        var live = await context.LatestAsync(cancellationToken).ConfigureAwait(false);
        if (live is null) return [];
        var text = (await Store.ReadVersionAsync(live.Version, cancellationToken).ConfigureAwait(false)).Get(TaughtFile.FileName);
        return text is null ? [] : TaughtFile.Parse(text).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Refuses a new source that would take the library over its limits on sources, passages or bytes.</summary>
    private string? LimitRefusal(KnowledgeFiles draft, ImportResult result)
    {
        var limits = context.Options.Limits;
        int sources = draft.Files.Keys.Count(k => k != TaughtFile.FileName);
        if (sources + 1 > limits.MaxSources)
            return $"Refused: this library already has {sources} sources (the limit is {limits.MaxSources}); hide or remove one first, or ask the operator to raise SourceBot:Moderation:Limits:MaxSources.";
        var kb = draft.Parse(Store.DraftLocation, allowEmpty: true);
        int passages = kb.Passages.Length + result.Source.Passages.Length;
        if (passages > limits.MaxPassages)
            return $"Refused: with {result.Source.Passages.Length} more passages this library would have {passages} (the limit is {limits.MaxPassages}); nothing was added.";
        long bytes = draft.Bytes + System.Text.Encoding.UTF8.GetByteCount(KnowledgeFile.Write(result.Source));
        if (bytes > limits.MaxBytes)
            return $"Refused: this library's knowledge would be {bytes:N0} bytes (the limit is {limits.MaxBytes:N0}); nothing was added.";
        return null;
    }

    private Source? ExistingSource(KnowledgeFiles draft, string sourceId)
    {
        var text = draft.Get(KnowledgeFiles.SourceFileName(sourceId));
        if (text is null) return null;
        try
        {
            return KnowledgeFile.Parse(text, sourceId, Path.Combine(Store.DraftLocation, KnowledgeFiles.SourceFileName(sourceId)));
        }
        catch (KnowledgeFormatException ex)
        {
            throw new ImportException($"Cannot carry passage ids over: the existing knowledge file is invalid. {ex.Message}", ex);
        }
    }

    private Source? ReadDraftSource(KnowledgeFiles draft, string sourceId, out string? error)
    {
        error = null;
        if (!KnowledgeFile.IsValidSourceId(sourceId)) { error = $"'{sourceId}' is not a source id."; return null; }
        var text = draft.Get(KnowledgeFiles.SourceFileName(sourceId));
        if (text is null) { error = $"No source {sourceId} in the knowledge."; return null; }
        return KnowledgeFile.Parse(text, sourceId, Path.Combine(Store.DraftLocation, KnowledgeFiles.SourceFileName(sourceId)));
    }

    private ChangeRecord NewChange(Actor actor, ChangeKind kind, string target, string what, string? why) =>
        new(0, context.Time.GetUtcNow(), actor.Id, actor.Name, kind, target, what, Blank(why));

    private static bool LooksBinary(byte[] bytes)
    {
        if (bytes.Length >= 2 && (bytes[0], bytes[1]) is (0xFF, 0xFE) or (0xFE, 0xFF)) return false; // UTF-16 with BOM
        if (Array.IndexOf(bytes, (byte)0) >= 0) return true;
        int control = 0;
        foreach (var b in bytes) if (b < 0x20 && b is not (byte)'\n' and not (byte)'\r' and not (byte)'\t' and not 0x0C) control++;
        return control > bytes.Length / 100 + 2;
    }

    private static string CollapseWhitespace(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    internal static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
