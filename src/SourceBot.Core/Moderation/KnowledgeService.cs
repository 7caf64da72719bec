using System.Collections.Immutable;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SourceBot.Core.Answers;
using SourceBot.Core.Engine;
using SourceBot.Core.Feedback;
using SourceBot.Core.Import;
using SourceBot.Core.Knowledge;
using SourceBot.Core.QuestionLog;
using SourceBot.Core.Text;

namespace SourceBot.Core.Moderation;

/// <summary>
/// How moderators change the knowledge, for any front end (the CLI's `kb` verbs, a Discord command group):
/// <list type="bullet">
/// <item>The <b>draft</b> is the knowledge folder itself, the readable source of truth (it can live in git). Every change
/// to it (add a source, edit, hide, unhide, metadata, teach, untaught) is written atomically and recorded in the history
/// with who, when, what and why.</item>
/// <item>A <b>publish</b> validates the draft, trains the models off the hot path, checks them, stores the draft as a new
/// immutable version and swaps the live engine; a failure leaves the old version live and says why. A <b>rollback</b>
/// publishes an earlier version again, in one step. Versions and files are on disk before they count; a version stored by
/// a process that stopped before recording it is recorded as recovered when the service is next created (<see cref="PublishRecovery"/>).</item>
/// <item>A <b>preview</b> replays taught, logged and given questions on the draft and the live version and lists the answers
/// that change; <b>gaps</b> lists the questions that got no answer or a 👎, grouped.</item>
/// </list>
/// Expected failures (bad input, a missing passage, a publish already running, a read-only folder) come back as results
/// with a clear message, never as exceptions. Safe to call from several threads and processes at once.
/// </summary>
public sealed class KnowledgeService
{
    private static readonly TimeSpan EditLockWait = TimeSpan.FromSeconds(10);

    private readonly EngineOptions _engineOptions;
    private readonly EngineFactory _engines;
    private readonly ModerationOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>The clock changes are stamped with; callers count "the last N days" on it too.</summary>
    public TimeProvider Time => _time;
    private readonly IQuestionLog? _questionLog;
    private readonly IFeedbackStore? _feedback;
    private readonly AnswerEngine? _live;

    /// <param name="engines">Builds the snapshots a preview or publish trains (shares the process's embedding model and caches).</param>
    public KnowledgeService(EngineFactory engines, ModerationOptions options, ILogger<KnowledgeService>? logger = null,
        TimeProvider? timeProvider = null, IQuestionLog? questionLog = null, IFeedbackStore? feedback = null, AnswerEngine? liveEngine = null)
    {
        _engines = engines;
        _engineOptions = engines.Options;
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _questionLog = questionLog;
        _feedback = feedback;
        _live = liveEngine;
        Versions = new VersionStore(options.VersionsPath);
        History = new HistoryLog(Path.Combine(Versions.Root, "history.jsonl"));
        RecoverInterruptedWork();
    }

    /// <summary>The draft: the knowledge folder.</summary>
    public string DraftPath => _engineOptions.KnowledgePath;

    public VersionStore Versions { get; }

    public HistoryLog History { get; }

    /// <summary>Called between writing a temporary file and renaming it over a knowledge file; tests use it to simulate a crash or a full disk.</summary>
    internal Action<string>? BeforeRename { get; set; }

    /// <summary>Called after a publish stores its version and before it records it in the history; tests use it to simulate a crash between the two.</summary>
    internal Action<VersionManifest>? AfterVersionStored { get; set; }

    /// <summary>Builds an engine snapshot for a knowledge version; tests replace it to simulate a training failure.</summary>
    internal Func<KnowledgeBase, CancellationToken, EngineSnapshot>? SnapshotBuilder { get; set; }

    // ----- Live version -----

    /// <summary>The folder the live engine answers from: the latest published version, or the knowledge folder before the first publish.</summary>
    public static string LiveKnowledgePath(EngineOptions engineOptions, ModerationOptions options) =>
        new VersionStore(options.VersionsPath) is var versions && versions.Latest() is { } v ? versions.FolderOf(v.Version) : engineOptions.KnowledgePath;

    /// <summary>Loads the engine for the live version (cached models when present).</summary>
    public static AnswerEngine LoadLiveEngine(EngineFactory engines, ModerationOptions options, CancellationToken cancellationToken = default)
    {
        var knowledge = KnowledgeDirectory.Load(LiveKnowledgePath(engines.Options, options));
        return new AnswerEngine(engines.Build(knowledge, cancellationToken: cancellationToken), engines.Options);
    }

    public ImmutableArray<VersionManifest> ListVersions() => Versions.List();

    public ImmutableArray<ChangeRecord> ListHistory() => History.Read();

    public KnowledgeStatus Status()
    {
        var live = Versions.Latest();
        var liveKb = KnowledgeDirectory.Load(LiveKnowledgePath(_engineOptions, _options));
        try
        {
            var draft = KnowledgeDirectory.Load(DraftPath);
            return new KnowledgeStatus(live?.Version, liveKb.Hash, draft.Hash, [.. KnowledgeDiff.Describe(liveKb, draft)], null);
        }
        catch (KnowledgeFormatException ex)
        {
            return new KnowledgeStatus(live?.Version, liveKb.Hash, "", [], ex.Message);
        }
    }

    // ----- Draft changes -----

    /// <summary>
    /// Adds (or re-imports) a source from a raw page dump, e.g. a Discord attachment or a file: refused when empty, over the
    /// size limit, binary or not text, or when no article body can be found. Passage ids of an existing source are kept.
    /// </summary>
    public async Task<KbResult> AddSourceAsync(Actor actor, string fileName, byte[] content, ImportOptions? importOptions, string? why, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var name = Path.GetFileName(string.IsNullOrWhiteSpace(fileName) ? "source.txt" : fileName);
        if (content.Length == 0) return KbResult.Fail($"'{name}' is empty; nothing was added.");
        if (content.Length > _options.MaxSourceBytes)
            return KbResult.Fail($"'{name}' is {content.Length:N0} bytes, over the limit of {_options.MaxSourceBytes:N0}; nothing was added.");
        if (LooksBinary(content)) return KbResult.Fail($"'{name}' is not text (it looks like binary data); send the page as plain text.");

        var tmpDir = Directory.CreateTempSubdirectory("sourcebot-add-").FullName;
        try
        {
            var rawPath = Path.Combine(tmpDir, name);
            await File.WriteAllBytesAsync(rawPath, content, cancellationToken).ConfigureAwait(false);
            return await EditAsync(actor, cancellationToken, () =>
            {
                ImportResult result;
                try
                {
                    result = SourceImporter.ImportInto(DraftPath, rawPath, (importOptions ?? ImportOptions.Default) with { DryRun = true });
                }
                catch (ImportException ex)
                {
                    return (KbResult.Fail($"Cannot add '{name}': {ex.Message}"), null);
                }
                bool existed = File.Exists(Path.Combine(DraftPath, result.Source.Id + KnowledgeFile.Extension));
                var before = ReadSourceText(result.Source.Id);
                EnsureBaseline(actor);
                KnowledgeDirectory.Save(DraftPath, result.Source, BeforeRename);
                var what = existed
                    ? $"re-imported source {result.Source.Id} from {name} ({result.Report.KeptPassages} passages; ids kept)"
                    : $"added source {result.Source.Id} \"{result.Source.Metadata.Title}\" from {name} ({result.Report.KeptPassages} passages, {result.Report.Footnotes} footnotes)";
                var change = NewChange(actor, ChangeKind.AddSource, result.Source.Id, what, why);
                return (new KbResult(true, what, change, result.Report), () => RestoreSource(result.Source.Id, before));
            }).ConfigureAwait(false);
        }
        finally
        {
            try { Directory.Delete(tmpDir, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Adds a source from a file on disk (see <see cref="AddSourceAsync(Actor, string, byte[], ImportOptions?, string?, CancellationToken)"/>).</summary>
    public async Task<KbResult> AddSourceFromFileAsync(Actor actor, string path, ImportOptions? importOptions, string? why, CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(path);
        if (!info.Exists) return KbResult.Fail($"No such file: {path}");
        if (info.Length > _options.MaxSourceBytes)
            return KbResult.Fail($"'{info.Name}' is {info.Length:N0} bytes, over the limit of {_options.MaxSourceBytes:N0}; nothing was added.");
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return KbResult.Fail($"Cannot read '{path}': {ex.Message}");
        }
        return await AddSourceAsync(actor, info.Name, bytes, importOptions, why, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replaces a passage's text (whitespace, including line breaks, is collapsed). An edit that empties a passage is refused.</summary>
    public Task<KbResult> EditPassageAsync(Actor actor, string passageId, string newText, string? why, CancellationToken cancellationToken = default)
    {
        var text = CollapseWhitespace(newText ?? "");
        if (text.Length == 0)
            return Task.FromResult(KbResult.Fail($"Refused: the new text of {passageId} is empty. To take a passage out of answers, hide it instead."));
        return ChangePassageAsync(actor, passageId, ChangeKind.EditPassage, why, cancellationToken, p =>
            p.Text == text ? null : p with { Text = text },
            p => $"edited {p.Id} ({p.Text.Length} -> {text.Length} characters)");
    }

    /// <summary>Hides a passage from answers (it keeps its id) or shows it again.</summary>
    public Task<KbResult> SetHiddenAsync(Actor actor, string passageId, bool hidden, string? why, CancellationToken cancellationToken = default) =>
        ChangePassageAsync(actor, passageId, hidden ? ChangeKind.HidePassage : ChangeKind.UnhidePassage, why, cancellationToken,
            p => p.Hidden == hidden ? null : p with { Hidden = hidden },
            p => $"{(hidden ? "hid" : "unhid")} {p.Id}");

    /// <summary>Changes a source's title, authors, publisher, date or url.</summary>
    public Task<KbResult> EditMetadataAsync(Actor actor, string sourceId, MetadataEdit edit, string? why, CancellationToken cancellationToken = default)
    {
        if (edit.IsEmpty) return Task.FromResult(KbResult.Fail("Nothing to change: give at least one of title, authors, publisher, date or url."));
        if (edit.Title is not null && string.IsNullOrWhiteSpace(edit.Title)) return Task.FromResult(KbResult.Fail("Refused: a source's title cannot be empty."));
        return EditAsync(actor, cancellationToken, () =>
        {
            var source = ReadDraftSource(sourceId, out var error);
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
            if (fields.Count == 0) return (KbResult.Fail($"Nothing changed: {sourceId} already has that metadata."), null);
            var before = ReadSourceText(sourceId);
            EnsureBaseline(actor);
            KnowledgeDirectory.Save(DraftPath, source with { Metadata = updated }, BeforeRename);
            var what = $"changed {string.Join(", ", fields)} of {sourceId}";
            return (new KbResult(true, what, NewChange(actor, ChangeKind.EditMetadata, sourceId, what, why)), () => RestoreSource(sourceId, before));
        });
    }

    /// <summary>
    /// Teaches a question: the passage that answers it, or none (<paramref name="passageId"/> null: "not covered"). Used in
    /// training from the next publish. Refused for a passage that is hidden or gone, a duplicate, or beyond the per-user cap
    /// of taught questions waiting for a publish.
    /// </summary>
    public Task<KbResult> TeachAsync(Actor actor, string question, string? passageId, string? why, CancellationToken cancellationToken = default)
    {
        var q = QuestionText.Clean(question);
        if (q.Length == 0) return Task.FromResult(KbResult.Fail("Refused: the question is empty."));
        if (q.Length > QuestionText.MaxLength) return Task.FromResult(KbResult.Fail($"Refused: the question is over {QuestionText.MaxLength:N0} characters."));
        return EditAsync(actor, cancellationToken, () =>
        {
            var draft = KnowledgeDirectory.Load(DraftPath);
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
            var publishedIds = PublishedTaughtIds();
            int pending = draft.TaughtQuestions.Count(t => t.ById == actor.Id && !publishedIds.Contains(t.Id));
            if (pending >= _options.MaxPendingTaughtPerUser)
                return (KbResult.Fail($"Refused: {actor.Name} already has {pending} taught questions waiting for the next publish (the limit is {_options.MaxPendingTaughtPerUser}). Publish or remove some first."), null);

            var taught = new TaughtQuestion(TaughtFile.NextId(draft.TaughtQuestions), q, passageId, actor.Id, actor.Name, _time.GetUtcNow(), Blank(why));
            var before = ReadTaughtText();
            EnsureBaseline(actor);
            KnowledgeDirectory.SaveTaught(DraftPath, [.. draft.TaughtQuestions, taught], BeforeRename);
            var what = $"taught {taught.Id} \"{q}\" -> {passageId ?? "not covered"} (used from the next publish)";
            return (new KbResult(true, what, NewChange(actor, ChangeKind.Teach, taught.Id, what, why)), () => RestoreTaught(before));
        });
    }

    /// <summary>Removes a taught question (reviewing: a wrong or flooding example).</summary>
    public Task<KbResult> RemoveTaughtAsync(Actor actor, string taughtId, string? why, CancellationToken cancellationToken = default) =>
        EditAsync(actor, cancellationToken, () =>
        {
            var taught = TaughtFile.Load(DraftPath);
            var t = taught.FirstOrDefault(x => x.Id == taughtId);
            if (t is null) return (KbResult.Fail($"No taught question {taughtId}; see `kb taught` for the list."), null);
            var before = ReadTaughtText();
            EnsureBaseline(actor);
            KnowledgeDirectory.SaveTaught(DraftPath, [.. taught.Where(x => x.Id != taughtId)], BeforeRename);
            var what = $"removed taught {t.Id} \"{t.Question}\" -> {t.PassageId ?? "not covered"}";
            return (new KbResult(true, what, NewChange(actor, ChangeKind.RemoveTaught, t.Id, what, why)), () => RestoreTaught(before));
        });

    /// <summary>The draft's taught questions, optionally of one passage, with whether each is live and its passage's state.</summary>
    public ImmutableArray<TaughtListing> ListTaught(string? passageId = null)
    {
        var draft = KnowledgeDirectory.Load(DraftPath);
        var published = PublishedTaughtIds();
        return [.. draft.TaughtQuestions
            .Where(t => passageId is null || t.PassageId == passageId)
            .Select(t => new TaughtListing(t, published.Contains(t.Id),
                t.PassageId is null ? "not covered" : draft.FindPassage(t.PassageId) switch { null => "passage gone", { Hidden: true } => "passage hidden", _ => "ok" }))];
    }

    /// <summary>The top passages for a question on an engine (the live one by default): what a moderator picks from when teaching.</summary>
    public static ImmutableArray<TeachCandidate> TeachCandidates(AnswerEngine engine, string question, int count = 5)
    {
        using var lease = engine.Acquire();
        var snapshot = lease.Snapshot;
        var q = QuestionText.Clean(question);
        if (q.Length == 0) return [];
        var query = new Retrieval.Query(q, snapshot.Corpus);
        if (query.IsEmpty) return [];
        return [.. snapshot.Ranker.Rank(query).Passages.Take(count).Select(r =>
        {
            var p = snapshot.Corpus.Passages[r.Passage];
            return new TeachCandidate(p.Passage.Id, p.Passage.SourceId, QuoteSelector.Select(query, p, snapshot.Corpus, engine.Options.MaxQuoteWords).Text, Math.Round(r.Probability, 4));
        })];
    }

    // ----- Preview, publish, rollback -----

    /// <summary>
    /// Replays the draft's taught questions, the recent logged questions and <paramref name="extraQuestions"/> on the live
    /// version and on the draft, and lists exactly the questions whose answer changes (outcome, passage or quote).
    /// </summary>
    public async Task<PreviewReport> PreviewAsync(IEnumerable<string>? extraQuestions = null, CancellationToken cancellationToken = default)
    {
        KnowledgeBase draftKb;
        try
        {
            draftKb = KnowledgeDirectory.Load(DraftPath);
        }
        catch (KnowledgeFormatException ex)
        {
            return PreviewReport.Fail("The draft cannot be previewed: " + ex.Message);
        }
        var liveVersion = Versions.Latest()?.Version ?? 0;
        var questions = new List<(string Q, string Origin)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Add(string q, string origin)
        {
            var clean = QuestionText.Clean(q);
            if (clean.Length > 0 && seen.Add(clean)) questions.Add((clean, origin));
        }
        foreach (var t in draftKb.TaughtQuestions) Add(t.Question, "taught");
        string? logNote = null;
        if (_questionLog is not null && _options.PreviewRecentQuestions > 0)
        {
            try
            {
                foreach (var l in await _questionLog.RecentAsync(_options.PreviewRecentQuestions, cancellationToken).ConfigureAwait(false)) Add(l.Question, "log");
            }
            catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                logNote = $" The question log could not be read ({ex.Message}), so no logged questions were replayed.";
            }
        }
        foreach (var q in extraQuestions ?? []) Add(q, "file");

        AnswerEngine? ownedLive = null;
        EngineSnapshot? draftSnapshot = null;
        try
        {
            var live = _live;
            if (live is null)
            {
                var liveKb = KnowledgeDirectory.Load(LiveKnowledgePath(_engineOptions, _options));
                ownedLive = new AnswerEngine(await BuildAsync(liveKb, cancellationToken).ConfigureAwait(false), _engineOptions);
                live = ownedLive;
            }
            var liveKnowledge = live.Snapshot.Knowledge;
            try
            {
                draftSnapshot = await BuildAsync(draftKb, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return PreviewReport.Fail("The draft's models could not be built: " + ex.Message);
            }
            var draftEngine = new AnswerEngine(draftSnapshot, _engineOptions);
            var changes = ImmutableArray.CreateBuilder<AnswerChange>();
            foreach (var (q, origin) in questions)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var before = live.Ask(q);
                var after = draftEngine.Ask(q);
                if (before.Outcome != after.Outcome || before.PassageId != after.PassageId || before.Quote != after.Quote)
                    changes.Add(new AnswerChange(q, origin, before, after));
            }
            var diff = KnowledgeDiff.Describe(liveKnowledge, draftKb);
            var message = $"Replayed {questions.Count} questions ({questions.Count(x => x.Origin == "taught")} taught, {questions.Count(x => x.Origin == "log")} from the log, {questions.Count(x => x.Origin == "file")} from the file) on v{liveVersion} (live) and the draft: {changes.Count} answers change.";
            return new PreviewReport(true, message + logNote, questions.Count, liveVersion, [.. diff], changes.ToImmutable());
        }
        catch (KnowledgeFormatException ex)
        {
            return PreviewReport.Fail("The live version cannot be loaded: " + ex.Message);
        }
        finally
        {
            draftSnapshot?.Dispose();
            ownedLive?.Dispose();
        }
    }

    /// <summary>
    /// Publishes the draft: validates every file, trains the models off the hot path, checks them, stores the draft as a new
    /// version and swaps the live engine. Questions asked meanwhile are answered by the old version. On any failure the old
    /// version stays live and the result says why; a second publish while one runs is told who is publishing.
    /// </summary>
    public async Task<PublishResult> PublishAsync(Actor actor, string? why, CancellationToken cancellationToken = default)
    {
        using var publishLock = TryLockPublish(actor, "publish", out var heldBy, out var lockError);
        if (lockError is not null) return PublishResult.Fail($"Publish failed, the live version is unchanged: {lockError}");
        if (publishLock is null) return PublishResult.Fail($"Another publish is in progress by {heldBy}; nothing was published. Try again when it finishes.");
        var stage = Versions.TemporaryFolder("stage");
        try
        {
            var live = Versions.Latest();
            // Copy the draft under the edit lock, so the version is exactly the files validated and trained, even if edits go on.
            var (editLock, editor) = await FileLock.AcquireAsync(EditLockPath, $"{actor.Name} (publish)", _time, EditLockWait, cancellationToken).ConfigureAwait(false);
            if (editLock is null) return PublishResult.Fail($"The draft is being changed by {editor}; nothing was published. Try again in a moment.");
            using (editLock)
            {
                Directory.CreateDirectory(stage);
                foreach (var file in VersionStore.KnowledgeFiles(DraftPath)) File.Copy(file, Path.Combine(stage, Path.GetFileName(file)));
            }
            KnowledgeBase draft;
            try
            {
                draft = KnowledgeDirectory.Load(stage);
            }
            catch (KnowledgeFormatException ex)
            {
                return PublishResult.Fail($"Publish failed, {(live is null ? "the current knowledge" : $"v{live.Version}")} stays live: the draft has a bad file. {ex.Message.Replace(stage, DraftPath, StringComparison.Ordinal)}");
            }
            var liveKb = live is null ? null : KnowledgeDirectory.Load(Versions.FolderOf(live.Version));
            if (liveKb is not null && liveKb.Hash == draft.Hash)
                return new PublishResult(true, $"Nothing to publish: the draft is the same as the live version v{live!.Version}.", live, []);
            var diff = KnowledgeDiff.Describe(liveKb, draft);
            return await BuildCheckAndInstallAsync(actor, why, draft, stage, diff, ChangeKind.Publish, rolledBackTo: null, live, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return PublishResult.Fail($"Publish failed, the live version is unchanged: cannot write the versions folder ({ex.Message}).");
        }
        finally
        {
            TryDeleteDirectory(stage);
        }
    }

    /// <summary>
    /// Returns to an earlier published version in one step: its files replace the draft (the draft as it was is kept in the
    /// versions folder under "drafts/"), and it is published again as a new version, so history only grows.
    /// </summary>
    public async Task<PublishResult> RollbackAsync(Actor actor, int version, string? why, CancellationToken cancellationToken = default)
    {
        using var publishLock = TryLockPublish(actor, "rollback", out var heldBy, out var lockError);
        if (lockError is not null) return PublishResult.Fail($"Rollback failed, the live version is unchanged: {lockError}");
        if (publishLock is null) return PublishResult.Fail($"Another publish is in progress by {heldBy}; nothing was rolled back. Try again when it finishes.");
        try
        {
            var versions = Versions.List();
            var target = versions.FirstOrDefault(v => v.Version == version);
            if (target is null)
            {
                return PublishResult.Fail(versions.IsEmpty
                    ? "Nothing to roll back to: no version has been published yet."
                    : $"No published version v{version}; the versions are v{versions[0].Version} to v{versions[^1].Version}.");
            }
            var live = versions[^1];
            var folder = Versions.FolderOf(version);
            KnowledgeBase knowledge;
            try
            {
                knowledge = KnowledgeDirectory.Load(folder);
            }
            catch (KnowledgeFormatException ex)
            {
                return PublishResult.Fail($"Rollback failed, v{live.Version} stays live: v{version} cannot be read. {ex.Message}");
            }
            var liveKb = KnowledgeDirectory.Load(Versions.FolderOf(live.Version));
            var diff = KnowledgeDiff.Describe(liveKb, knowledge);
            var result = await BuildCheckAndInstallAsync(actor, why, knowledge, folder, diff, ChangeKind.Rollback, version, live, cancellationToken,
                restoreDraft: true).ConfigureAwait(false);
            return result;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return PublishResult.Fail($"Rollback failed: cannot write the knowledge or versions folder ({ex.Message}).");
        }
    }

    private async Task<PublishResult> BuildCheckAndInstallAsync(Actor actor, string? why, KnowledgeBase knowledge, string filesFolder, List<string> diff,
        ChangeKind kind, int? rolledBackTo, VersionManifest? live, CancellationToken cancellationToken, bool restoreDraft = false)
    {
        string liveName = live is null ? "the current knowledge" : $"v{live.Version}";
        string verb = kind == ChangeKind.Rollback ? "Rollback" : "Publish";
        EngineSnapshot snapshot;
        try
        {
            snapshot = await BuildAsync(knowledge, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Training for knowledge {KnowledgeHash} failed", knowledge.Hash[..12]);
            return PublishResult.Fail($"{verb} failed, {liveName} stays live: training the models failed ({ex.Message}).");
        }
        bool installed = false;
        try
        {
            var warnings = Check(snapshot);
            if (warnings.Error is not null) return PublishResult.Fail($"{verb} failed, {liveName} stays live: {warnings.Error}");

            if (restoreDraft)
            {
                var (editLock, editor) = await FileLock.AcquireAsync(EditLockPath, $"{actor.Name} (rollback)", _time, EditLockWait, cancellationToken).ConfigureAwait(false);
                if (editLock is null) return PublishResult.Fail($"The draft is being changed by {editor}; nothing was rolled back. Try again in a moment.");
                using (editLock) ReplaceDraft(filesFolder);
            }

            int number = (Versions.Latest()?.Version ?? 0) + 1;
            var what = kind == ChangeKind.Rollback ? $"rolled back to v{rolledBackTo}: {KnowledgeDiff.Summary(diff)}" : KnowledgeDiff.Summary(diff);
            var manifest = new VersionManifest(number, _time.GetUtcNow(), actor.Id, actor.Name, what, Blank(why), knowledge.Hash, rolledBackTo);
            // The version first, then its history entry: a crash between the two is recorded as recovered at the next start.
            Versions.Create(filesFolder, manifest);
            AfterVersionStored?.Invoke(manifest);
            ChangeRecord change;
            try
            {
                change = History.Append(new ChangeRecord(0, manifest.At, actor.Id, actor.Name, kind,
                    kind == ChangeKind.Rollback ? $"v{rolledBackTo}" : "draft", what, manifest.Why, number, knowledge.Hash));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return WithdrawUnrecorded(number, $"{verb} failed", liveName, ex);
            }
            if (_live is not null)
            {
                // Released when the last question still running on it ends.
                _live.Swap(snapshot).Dispose();
                installed = true;
            }
            _logger.LogInformation("{Actor} published v{Version} ({What})", actor.Name, number, what);
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
        var engine = new AnswerEngine(snapshot, _engineOptions);
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

    // ----- Gaps -----

    /// <summary>Questions that got no answer or a 👎 (from the question log and the feedback store), grouped by similarity, most asked first.</summary>
    public async Task<GapReport> GapsAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default)
    {
        var misses = new List<Miss>();
        var logged = new HashSet<(string, string?)>();
        if (_questionLog is not null)
        {
            foreach (var l in await _questionLog.MissesAsync(since, cancellationToken).ConfigureAwait(false))
            {
                misses.Add(new Miss(l.Question, l.At, !l.Answered, l.Feedback == -1, l.PassageId));
                if (l.Feedback == -1) logged.Add((l.Question, l.PassageId));
            }
        }
        if (_feedback is not null)
        {
            foreach (var f in await _feedback.ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (f.Vote != FeedbackVote.Down || (since is { } s && f.RecordedAt < s) || logged.Contains((f.Question, f.PassageId))) continue;
                misses.Add(new Miss(f.Question, f.RecordedAt, false, true, f.PassageId));
            }
        }
        using var analysis = new TextAnalysis();
        return new GapReport(misses.Count, GapFinder.Group(misses, analysis));
    }

    // ----- Internals -----

    private string EditLockPath => Path.Combine(Versions.Root, "edit.lock");

    private string PublishLockPath => Path.Combine(Versions.Root, "publish.lock");

    /// <summary>
    /// Finishes what a process that stopped mid-publish or mid-edit left behind (<see cref="PublishRecovery"/>). Only when no
    /// publish or edit is running: one that is running is alive and finishes its own work, so then nothing is touched. A
    /// failure is logged, not thrown: it must not keep the knowledge from being read, and the next start tries again.
    /// </summary>
    private void RecoverInterruptedWork()
    {
        if (!Directory.Exists(Versions.Root)) return; // nothing was ever published
        try
        {
            using var publishLock = FileLock.TryAcquire(PublishLockPath, "start-up recovery", _time.GetUtcNow(), out _);
            if (publishLock is null) return;
            using var editLock = FileLock.TryAcquire(EditLockPath, "start-up recovery", _time.GetUtcNow(), out _);
            if (editLock is null) return;
            PublishRecovery.Run(Versions, History, DraftPath, _logger, _time);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(ex, "Could not check {VersionsPath} for an interrupted publish; it is checked again the next time the knowledge is opened", Versions.Root);
        }
    }

    /// <summary>A version whose history entry could not be written must not count, so history and versions agree: it is taken back.</summary>
    private PublishResult WithdrawUnrecorded(int version, string failed, string liveName, Exception historyError)
    {
        try
        {
            Versions.Withdraw(version);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogError(ex, "Version v{Version} was stored but neither recorded in the history nor taken back", version);
            return PublishResult.Fail($"{failed}: v{version} was stored, but its history entry could not be written ({historyError.Message}) and it could not be taken back ({ex.Message}). It is recorded as recovered the next time the knowledge is opened.");
        }
        return PublishResult.Fail($"{failed}, {liveName} stays live: the history could not be written ({historyError.Message}).");
    }

    /// <summary>The publish lock, held for a whole publish or rollback; an unwritable versions folder is an error message, not an exception.</summary>
    private FileLock? TryLockPublish(Actor actor, string what, out string? heldBy, out string? error)
    {
        error = null;
        try
        {
            return FileLock.TryAcquire(PublishLockPath, $"{actor.Name} ({what})", _time.GetUtcNow(), out heldBy);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            heldBy = null;
            error = $"cannot write the versions folder '{Versions.Root}' ({ex.Message}).";
            return null;
        }
    }

    private Task<EngineSnapshot> BuildAsync(KnowledgeBase knowledge, CancellationToken cancellationToken) =>
        Task.Run(() => SnapshotBuilder is { } build ? build(knowledge, cancellationToken) : _engines.Build(knowledge, cancellationToken: cancellationToken), cancellationToken);

    /// <summary>
    /// Runs one draft change under the edit lock: the change writes its files (atomically) and returns its result and an
    /// undo; the history entry is then appended, and if that fails the change is undone, so history and files agree.
    /// </summary>
    private async Task<KbResult> EditAsync(Actor actor, CancellationToken cancellationToken, Func<(KbResult Result, Action? Undo)> change)
    {
        if (!Directory.Exists(DraftPath)) return KbResult.Fail($"The knowledge folder '{DraftPath}' does not exist.");
        try
        {
            var (editLock, editor) = await FileLock.AcquireAsync(EditLockPath, actor.Name, _time, EditLockWait, cancellationToken).ConfigureAwait(false);
            if (editLock is null) return KbResult.Fail($"The knowledge is being changed by {editor}; try again in a moment.");
            using (editLock)
            {
                (KbResult result, Action? undo) = change();
                if (!result.Succeeded || result.Change is null) return result;
                try
                {
                    var recorded = History.Append(result.Change);
                    return result with { Change = recorded, Message = result.Message + $" (change #{recorded.Sequence}; draft, not live until `publish`)" };
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    undo?.Invoke();
                    return KbResult.Fail($"The change was not made: the history could not be written ({ex.Message}).");
                }
            }
        }
        catch (KnowledgeFormatException ex)
        {
            return KbResult.Fail("The knowledge folder has a bad file, so nothing was changed: " + ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return KbResult.Fail($"The change was not made: cannot write the knowledge folder ({ex.Message}). The last good version of every file is intact.");
        }
    }

    private Task<KbResult> ChangePassageAsync(Actor actor, string passageId, ChangeKind kind, string? why, CancellationToken cancellationToken,
        Func<Passage, Passage?> apply, Func<Passage, string> describe) =>
        EditAsync(actor, cancellationToken, () =>
        {
            var sourceId = passageId.Contains('#', StringComparison.Ordinal) ? passageId[..passageId.IndexOf('#', StringComparison.Ordinal)] : "";
            var source = sourceId.Length == 0 ? null : ReadDraftSource(sourceId, out _);
            var passage = source?.Passages.FirstOrDefault(p => p.Id == passageId);
            if (source is null || passage is null)
                return (KbResult.Fail($"No passage {passageId} in the knowledge (a passage id is the source id, then #p and a number, e.g. source#p4)."), null);
            var updated = apply(passage);
            if (updated is null) return (KbResult.Fail($"Nothing changed: {passageId} is already like that."), null);
            var newSource = source with { Passages = [.. source.Passages.Select(p => p.Id == passageId ? updated : p)] };
            // The file format must give back exactly this passage, or the edit would change more than it says.
            var reparsed = KnowledgeFile.Parse(KnowledgeFile.Write(newSource), source.Id).Passages.First(p => p.Id == passageId);
            if (reparsed != updated) return (KbResult.Fail($"Refused: that text cannot be stored as passage {passageId} unchanged."), null);
            var before = ReadSourceText(source.Id);
            EnsureBaseline(actor);
            KnowledgeDirectory.Save(DraftPath, newSource, BeforeRename);
            var what = describe(passage);
            return (new KbResult(true, what, NewChange(actor, kind, passageId, what, why)), () => RestoreSource(source.Id, before));
        });

    /// <summary>
    /// Called just before a draft change is written. Before the first moderated change, the knowledge folder as it stands becomes v1, so the live version is pinned and
    /// drafts never go live without a publish. Models for it are built on demand (and cached).
    /// </summary>
    private void EnsureBaseline(Actor actor)
    {
        if (Versions.Latest() is not null) return;
        var kb = KnowledgeDirectory.Load(DraftPath);
        var manifest = new VersionManifest(1, _time.GetUtcNow(), actor.Id, actor.Name, $"baseline: the knowledge folder before the first moderated change ({kb.Sources.Length} sources, {kb.Passages.Length} passages)", null, kb.Hash);
        Versions.Create(DraftPath, manifest);
        try
        {
            History.Append(new ChangeRecord(0, manifest.At, actor.Id, actor.Name, ChangeKind.Publish, "draft", manifest.What, null, 1, kb.Hash));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // An unrecorded version must not count; should taking it back fail too, the next start records it as recovered.
            try { Versions.Withdraw(1); } catch (Exception undo) when (undo is IOException or UnauthorizedAccessException) { }
            throw;
        }
    }

    private HashSet<string> PublishedTaughtIds()
    {
        var live = Versions.Latest();
        if (live is null) return [];
        return TaughtFile.Load(Versions.FolderOf(live.Version)).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
    }

    private Source? ReadDraftSource(string sourceId, out string? error)
    {
        error = null;
        if (!KnowledgeFile.IsValidSourceId(sourceId)) { error = $"'{sourceId}' is not a source id."; return null; }
        var path = Path.Combine(DraftPath, sourceId + KnowledgeFile.Extension);
        if (!File.Exists(path)) { error = $"No source {sourceId} in the knowledge."; return null; }
        return KnowledgeFile.Read(path);
    }

    private string? ReadSourceText(string sourceId) => ReadDraftFile(sourceId + KnowledgeFile.Extension);

    private void RestoreSource(string sourceId, string? text) => RestoreDraftFile(sourceId + KnowledgeFile.Extension, text);

    private string? ReadTaughtText() => ReadDraftFile(TaughtFile.FileName);

    private void RestoreTaught(string? text) => RestoreDraftFile(TaughtFile.FileName, text);

    /// <summary>A draft file's text before a change, for its undo; null when the file does not exist yet.</summary>
    private string? ReadDraftFile(string fileName)
    {
        var path = Path.Combine(DraftPath, fileName);
        return File.Exists(path) ? File.ReadAllText(path, Encoding.UTF8) : null;
    }

    /// <summary>Undoes a change to a draft file: writes back its earlier text, or removes it when it did not exist.</summary>
    private void RestoreDraftFile(string fileName, string? text)
    {
        var path = Path.Combine(DraftPath, fileName);
        if (text is null) AtomicFile.Delete(path);
        else AtomicFile.WriteAllText(path, text);
    }

    /// <summary>Makes the draft equal to a version's files: the current draft is kept under "drafts/", then each file is written atomically and extra ones removed.</summary>
    private void ReplaceDraft(string versionFolder)
    {
        var drafts = Path.Combine(Versions.Root, "drafts");
        var backup = Path.Combine(drafts, "draft-" + _time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss-fff", System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(backup);
        var current = VersionStore.KnowledgeFiles(DraftPath).ToList();
        foreach (var f in current) AtomicFile.CopyToDisk(f, Path.Combine(backup, Path.GetFileName(f)));
        // Once the draft is overwritten the backup is its only copy, so the backup is on disk before the first overwrite.
        DirectoryFlush.ToDisk(backup);
        DirectoryFlush.ToDisk(drafts);
        DirectoryFlush.ToDisk(Versions.Root);
        var wanted = VersionStore.KnowledgeFiles(versionFolder).ToList();
        var names = wanted.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        foreach (var f in wanted) AtomicFile.WriteAllText(Path.Combine(DraftPath, Path.GetFileName(f)), File.ReadAllText(f, Encoding.UTF8), BeforeRename);
        foreach (var f in current.Where(f => !names.Contains(Path.GetFileName(f)))) AtomicFile.Delete(f);
    }

    private ChangeRecord NewChange(Actor actor, ChangeKind kind, string target, string what, string? why) =>
        new(0, _time.GetUtcNow(), actor.Id, actor.Name, kind, target, what, Blank(why));

    private static bool LooksBinary(byte[] bytes)
    {
        if (bytes.Length >= 2 && (bytes[0], bytes[1]) is (0xFF, 0xFE) or (0xFE, 0xFF)) return false; // UTF-16 with BOM
        if (Array.IndexOf(bytes, (byte)0) >= 0) return true;
        int control = 0;
        foreach (var b in bytes) if (b < 0x20 && b is not (byte)'\n' and not (byte)'\r' and not (byte)'\t' and not 0x0C) control++;
        return control > bytes.Length / 100 + 2;
    }

    private static string CollapseWhitespace(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static void TryDeleteDirectory(string path)
    {
        try { if (Directory.Exists(path)) Directory.Delete(path, recursive: true); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
    }
}
