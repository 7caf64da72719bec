using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SourceBot.Core.Answers;
using SourceBot.Core.Engine;
using SourceBot.Core.Feedback;
using SourceBot.Core.Import;
using SourceBot.Core.Knowledge;
using SourceBot.Core.QuestionLog;
using SourceBot.Core.Storage;

namespace SourceBot.Core.Moderation;

/// <summary>
/// How moderators change one library's knowledge, for any front end (the CLI's `kb` verbs, a Discord command group). It
/// joins the parts by lifecycle, each in its own class over the library's <see cref="IKnowledgeStore"/>:
/// <list type="bullet">
/// <item><see cref="DraftEditor"/>: every change to the draft, written atomically and recorded in the history with who,
/// when, what and why.</item>
/// <item><see cref="Publisher"/>: publish (validate, train off the hot path, check, store a new immutable version, swap the
/// live engine) and rollback; a failure leaves the old version live and says why.</item>
/// <item><see cref="DraftPreview"/>: the answers a publish would change; <see cref="GapReporter"/>: what the sources miss.</item>
/// </list>
/// Expected failures (bad input, a missing passage, a publish already running, an unwritable store) come back as results
/// with a clear message, never as exceptions. Safe to call from several threads and processes at once.
/// </summary>
public sealed class KnowledgeService
{
    private readonly ModerationContext _context;
    private readonly DraftEditor _editor;
    private readonly Publisher _publisher;
    private readonly DraftPreview _preview;
    private readonly GapReporter _gaps;

    /// <summary>The bundled library in folders: the draft is the engine options' knowledge folder, versions under the moderation options' folder.</summary>
    public KnowledgeService(EngineFactory engines, ModerationOptions options, ILogger<KnowledgeService>? logger = null,
        TimeProvider? timeProvider = null, IQuestionLog? questionLog = null, IFeedbackStore? feedback = null, AnswerEngine? liveEngine = null)
        : this(new FileKnowledgeStore(Libraries.LibraryId.Default, engines.Options.KnowledgePath, options.VersionsPath), engines, options, logger, timeProvider, questionLog, feedback, liveEngine)
    {
        // A folder store recovers synchronously, so a service made this way is ready when constructed.
        RecoverAsync().GetAwaiter().GetResult();
    }

    /// <summary>A library in any store. Call <see cref="RecoverAsync"/> once when the library is first opened in a process.</summary>
    /// <param name="engines">Builds the snapshots a preview or publish trains (shares the process's embedding model and caches).</param>
    /// <param name="training">The process's training queue: publishes then train in the background, one at a time across libraries.</param>
    /// <param name="cache">For a library whose engine lives in the process's <see cref="EngineCache"/>: publishes go into it, previews lease from it.</param>
    public KnowledgeService(IKnowledgeStore store, EngineFactory engines, ModerationOptions options, ILogger? logger = null,
        TimeProvider? timeProvider = null, IQuestionLog? questionLog = null, IFeedbackStore? feedback = null, AnswerEngine? liveEngine = null,
        TrainingQueue? training = null, EngineCache? cache = null)
    {
        _context = new ModerationContext(store, engines, options, logger ?? NullLogger.Instance, timeProvider ?? TimeProvider.System, questionLog, feedback, liveEngine, training, cache);
        _editor = new DraftEditor(_context);
        _publisher = new Publisher(_context);
        _preview = new DraftPreview(_context);
        _gaps = new GapReporter(_context);
    }

    /// <summary>The clock changes are stamped with; callers count "the last N days" on it too.</summary>
    public TimeProvider Time => _context.Time;

    public IKnowledgeStore Store => _context.Store;

    /// <summary>Where the draft is (the knowledge folder for the folder store).</summary>
    public string DraftPath => _context.Store.DraftLocation;

    /// <summary>The folder store's versions, for tests and tools that look at the folders.</summary>
    internal VersionStore Versions => FileStore.Versions;

    internal HistoryLog History => FileStore.History;

    private FileKnowledgeStore FileStore => _context.Store as FileKnowledgeStore
        ?? throw new InvalidOperationException("This library is not kept in folders.");

    /// <summary>Called between writing a temporary file and renaming it over a knowledge file; tests use it to simulate a crash or a full disk.</summary>
    internal Action<string>? BeforeRename
    {
        get => FileStore.BeforeRename;
        set => FileStore.BeforeRename = value;
    }

    /// <summary>Called after a publish stores its version and before it records it in the history; tests use it to simulate a crash between the two.</summary>
    internal Action<VersionManifest>? AfterVersionStored
    {
        get => _publisher.AfterVersionStored;
        set => _publisher.AfterVersionStored = value;
    }

    /// <summary>Builds an engine snapshot for a knowledge version; tests replace it to simulate a training failure.</summary>
    internal Func<KnowledgeBase, CancellationToken, EngineSnapshot>? SnapshotBuilder
    {
        get => _context.SnapshotBuilder;
        set => _context.SnapshotBuilder = value;
    }

    // ----- Live version -----

    /// <summary>The knowledge the library answers from: its latest version, or the draft before the first publish (empty for a new empty library).</summary>
    public Task<KnowledgeBase> LoadLiveKnowledgeAsync(CancellationToken cancellationToken = default) =>
        _context.LoadLiveKnowledgeAsync(cancellationToken, allowEmpty: true);

    public Task<ImmutableArray<VersionManifest>> ListVersionsAsync(CancellationToken cancellationToken = default) => _context.Store.ListVersionsAsync(cancellationToken);

    /// <summary>The live published version, or null before the first publish.</summary>
    public Task<VersionManifest?> LatestVersionAsync(CancellationToken cancellationToken = default) => _context.LatestAsync(cancellationToken);

    public Task<ImmutableArray<ChangeRecord>> ListHistoryAsync(CancellationToken cancellationToken = default) => _context.Store.ReadHistoryAsync(cancellationToken);

    public async Task<KnowledgeStatus> StatusAsync(CancellationToken cancellationToken = default)
    {
        var live = await _context.LatestAsync(cancellationToken).ConfigureAwait(false);
        var liveKb = await _context.LoadLiveKnowledgeAsync(cancellationToken, allowEmpty: true).ConfigureAwait(false);
        try
        {
            var draft = (await _context.Store.ReadDraftAsync(cancellationToken).ConfigureAwait(false)).Parse(_context.Store.DraftLocation, allowEmpty: true);
            return new KnowledgeStatus(live?.Version, liveKb.Hash, draft.Hash, [.. KnowledgeDiff.Describe(liveKb, draft)], null);
        }
        catch (KnowledgeFormatException ex)
        {
            return new KnowledgeStatus(live?.Version, liveKb.Hash, "", [], ex.Message);
        }
    }

    /// <summary>The text of a passage in the draft, or null when the draft has no such passage (or cannot be read).</summary>
    public async Task<string?> DraftPassageTextAsync(string passageId, CancellationToken cancellationToken = default)
    {
        var hash = passageId.IndexOf('#', StringComparison.Ordinal);
        if (hash <= 0) return null;
        var text = (await _context.Store.ReadDraftAsync(cancellationToken).ConfigureAwait(false)).Get(KnowledgeFiles.SourceFileName(passageId[..hash]));
        if (text is null) return null;
        try
        {
            return KnowledgeFile.Parse(text, passageId[..hash]).Passages.FirstOrDefault(p => p.Id == passageId)?.Text;
        }
        catch (KnowledgeFormatException)
        {
            return null;
        }
    }

    // ----- Draft changes -----

    /// <summary>
    /// Adds (or re-imports) a source from a raw page dump, e.g. a Discord attachment or a file: refused when empty, over the
    /// size limit, binary or not text, when no article body can be found, or when the library would cross a limit. Passage
    /// ids of an existing source are kept.
    /// </summary>
    public Task<KbResult> AddSourceAsync(Actor actor, string fileName, byte[] content, ImportOptions? importOptions, string? why, CancellationToken cancellationToken = default) =>
        _editor.AddSourceAsync(actor, fileName, content, importOptions, why, cancellationToken);

    /// <summary>Adds a source from a file on disk (see <see cref="AddSourceAsync"/>).</summary>
    public async Task<KbResult> AddSourceFromFileAsync(Actor actor, string path, ImportOptions? importOptions, string? why, CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(path);
        if (!info.Exists) return KbResult.Fail($"No such file: {path}");
        if (info.Length > _context.Options.MaxSourceBytes)
            return KbResult.Fail($"'{info.Name}' is {info.Length:N0} bytes, over the limit of {_context.Options.MaxSourceBytes:N0}; nothing was added.");
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
    public Task<KbResult> EditPassageAsync(Actor actor, string passageId, string newText, string? why, CancellationToken cancellationToken = default) =>
        _editor.EditPassageAsync(actor, passageId, newText, why, cancellationToken);

    /// <summary>Hides a passage from answers (it keeps its id) or shows it again.</summary>
    public Task<KbResult> SetHiddenAsync(Actor actor, string passageId, bool hidden, string? why, CancellationToken cancellationToken = default) =>
        _editor.SetHiddenAsync(actor, passageId, hidden, why, cancellationToken);

    /// <summary>Changes a source's title, authors, publisher, date or url.</summary>
    public Task<KbResult> EditMetadataAsync(Actor actor, string sourceId, MetadataEdit edit, string? why, CancellationToken cancellationToken = default) =>
        _editor.EditMetadataAsync(actor, sourceId, edit, why, cancellationToken);

    /// <summary>
    /// Teaches a question: the passage that answers it, or none (<paramref name="passageId"/> null: "not covered"). Used in
    /// training from the next publish. Refused for a passage that is hidden or gone, a duplicate, or beyond the caps of
    /// taught questions waiting for a publish (per user and per library).
    /// </summary>
    public Task<KbResult> TeachAsync(Actor actor, string question, string? passageId, string? why, CancellationToken cancellationToken = default) =>
        _editor.TeachAsync(actor, question, passageId, why, cancellationToken);

    /// <summary>Removes a taught question (reviewing: a wrong or flooding example).</summary>
    public Task<KbResult> RemoveTaughtAsync(Actor actor, string taughtId, string? why, CancellationToken cancellationToken = default) =>
        _editor.RemoveTaughtAsync(actor, taughtId, why, cancellationToken);

    /// <summary>The draft's taught questions, optionally of one passage, with whether each is live and its passage's state.</summary>
    public Task<ImmutableArray<TaughtListing>> ListTaughtAsync(string? passageId = null, CancellationToken cancellationToken = default) =>
        _editor.ListTaughtAsync(passageId, cancellationToken);

    /// <summary>The top passages for a question on an engine (the live one by default): what a moderator picks from when teaching.</summary>
    public static ImmutableArray<TeachCandidate> TeachCandidates(AnswerEngine engine, string question, int count = 5)
    {
        // A lease: a publish may release the engine's old snapshot while its ranker is in use here.
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

    // ----- Preview, publish, rollback, gaps -----

    /// <summary>Replays taught, logged and given questions on the live version and the draft and lists the answers that change.</summary>
    public Task<PreviewReport> PreviewAsync(IEnumerable<string>? extraQuestions = null, CancellationToken cancellationToken = default) =>
        _preview.PreviewAsync(extraQuestions, cancellationToken);

    /// <summary>
    /// Publishes the draft: validates every file, trains the models off the hot path, checks them, stores the draft as a new
    /// version and swaps the live engine. Questions asked meanwhile are answered by the old version. On any failure the old
    /// version stays live and the result says why; a second publish while one runs is told who is publishing.
    /// </summary>
    public Task<PublishResult> PublishAsync(Actor actor, string? why, CancellationToken cancellationToken = default) =>
        _publisher.PublishAsync(actor, why, cancellationToken);

    /// <summary>
    /// Returns to an earlier published version in one step: its files replace the draft (the draft as it was is kept as a
    /// backup), and it is published again as a new version, so history only grows.
    /// </summary>
    public Task<PublishResult> RollbackAsync(Actor actor, int version, string? why, CancellationToken cancellationToken = default) =>
        _publisher.RollbackAsync(actor, version, why, cancellationToken);

    /// <summary>Questions that got no answer or a 👎, grouped by similarity, most asked first.</summary>
    public Task<GapReport> GapsAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default) =>
        _gaps.GapsAsync(since, cancellationToken);

    /// <summary>
    /// Finishes what a process that stopped mid-publish or mid-edit left behind. Only when no publish or edit is running: one
    /// that is running is alive and finishes its own work, so then nothing is touched. A failure is logged, not thrown: it must
    /// not keep the knowledge from being read, and the next open tries again.
    /// </summary>
    public async Task RecoverAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _context.Store.RecoverAsync(_context.Logger, _context.Time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (StoreFailure.Is(ex))
        {
            _context.Logger.LogWarning(ex, "Could not check library {Library} for an interrupted publish; it is checked again the next time the knowledge is opened", _context.Store.LibraryId);
        }
    }
}
