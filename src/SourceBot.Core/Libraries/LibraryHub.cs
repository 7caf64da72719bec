using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SourceBot.Core.Engine;
using SourceBot.Core.Feedback;
using SourceBot.Core.Metrics;
using SourceBot.Core.Moderation;
using SourceBot.Core.QuestionLog;
using SourceBot.Core.Storage;

namespace SourceBot.Core.Libraries;

/// <summary>
/// Every library of a deployment in one process: which library a server uses, each library's engine, its moderation, and
/// creating libraries. Every library, the default one included, answers from one <see cref="EngineCache"/> (loaded when
/// first asked, kept within a memory budget, unloaded when idle, shared by libraries with the same knowledge; the default
/// library's engine is pinned, never unloaded), all built by the process's one <see cref="EngineFactory"/>. A publish in this
/// process installs its engine in the cache; a version published by another process is brought in by <see cref="RefreshAsync"/>.
/// Publishes train on the process's <see cref="TrainingQueue"/> when there is one.
/// With <see cref="SourceBotMetrics"/>, the answers it hands out are counted per library (<see cref="MeteredAnswerService"/>).
/// </summary>
public sealed class LibraryHub : ILibraries, ILibraryAnswers, ILibraryQuestionLogs, ILibraryFeedback, ILiveKnowledgeSource, IDisposable
{
    private readonly ILibraryCatalog _catalog;
    private readonly EngineFactory _engines;
    private readonly ModerationOptions _moderation;
    private readonly LibrariesOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;
    private readonly Func<string, IQuestionLog?> _questionLogOf;
    private readonly Func<string, IFeedbackStore?> _feedbackOf;
    private readonly SourceBotMetrics? _metrics;
    private readonly ConcurrentDictionary<string, Lazy<Task<Library>>> _libraries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IQuestionLog?> _logs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IFeedbackStore?> _feedback = new(StringComparer.Ordinal);
    private readonly EngineCache _cache;
    // Which library each server uses, as read recently: every question needs it, and it changes only on `library create/use`
    // (at once in the process that made the change; within this long in the others).
    private static readonly TimeSpan ServerMapLifetime = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, (string LibraryId, DateTimeOffset ReadAt)> _serverMap = new(StringComparer.Ordinal);
    private readonly TrainingQueue? _training;

    public LibraryHub(ILibraryCatalog catalog, EngineFactory engines, ModerationOptions moderation, LibrariesOptions options,
        Func<string, IQuestionLog?>? questionLogOf = null,
        Func<string, IFeedbackStore?>? feedbackOf = null, ILoggerFactory? loggers = null, TimeProvider? time = null,
        EngineCacheOptions? cacheOptions = null, TrainingQueue? training = null, SourceBotMetrics? metrics = null)
    {
        _metrics = metrics;
        _catalog = catalog;
        _engines = engines;
        _moderation = moderation;
        _options = options;
        // One log per library for the life of the hub, whoever asks for it.
        _questionLogOf = questionLogOf is null ? _ => null : id => _logs.GetOrAdd(id, questionLogOf);
        _feedbackOf = feedbackOf is null ? _ => null : id => _feedback.GetOrAdd(id, feedbackOf);
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _time = time ?? TimeProvider.System;
        _training = training;
        _cache = new EngineCache(engines, this, cacheOptions ?? new EngineCacheOptions(), _loggers.CreateLogger<EngineCache>(), _time,
            pinned: new HashSet<string>(StringComparer.Ordinal) { LibraryId.Default });
    }

    /// <summary>What the engine cache holds, for metrics.</summary>
    public EngineCacheCounters EngineCounters => _cache.Counters;

    public async Task<string> LibraryOfServerAsync(string? serverId, CancellationToken cancellationToken = default)
    {
        if (serverId is null) return LibraryId.Default;
        if (_options.Servers.TryGetValue(serverId, out var configured)) return configured;
        var now = _time.GetUtcNow();
        if (_serverMap.TryGetValue(serverId, out var known) && now - known.ReadAt < ServerMapLifetime) return known.LibraryId;
        var library = await _catalog.LibraryOfServerAsync(serverId, cancellationToken).ConfigureAwait(false) ?? LibraryId.Default;
        _serverMap[serverId] = (library, now);
        return library;
    }

    async Task<IAnswerService> ILibraryAnswers.ForServerAsync(string? serverId, CancellationToken cancellationToken) => await AnswersForServerAsync(serverId, cancellationToken).ConfigureAwait(false);

    /// <summary>The answers of the library a server uses.</summary>
    public async Task<IAnswerService> AnswersForServerAsync(string? serverId, CancellationToken cancellationToken = default)
    {
        var id = await LibraryOfServerAsync(serverId, cancellationToken).ConfigureAwait(false);
        return await AnswersOfOpenAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The answers of one library (an empty library's say so).</summary>
    public async Task<IAnswerService> AnswersAsync(string libraryId, CancellationToken cancellationToken = default)
    {
        if (libraryId != LibraryId.Default && await _catalog.FindAsync(libraryId, cancellationToken).ConfigureAwait(false) is null)
            throw new KnowledgeStoreException($"There is no library '{libraryId}'; `kb library list` shows them.");
        return await AnswersOfOpenAsync(libraryId, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IAnswerService> AnswersOfOpenAsync(string libraryId, CancellationToken cancellationToken)
    {
        var library = await OpenAsync(libraryId, cancellationToken).ConfigureAwait(false);
        return Metered(libraryId, library.Empty ? new EmptyLibraryAnswers(libraryId) : new CachedLibraryAnswers(_cache, libraryId));
    }

    async Task<Knowledge.KnowledgeBase> ILiveKnowledgeSource.LoadLiveAsync(string libraryId, CancellationToken cancellationToken)
    {
        var knowledge = await _catalog.StoreOf(libraryId).LoadLiveKnowledgeAsync(allowEmpty: true, cancellationToken).ConfigureAwait(false);
        return knowledge.Passages.IsEmpty ? throw new KnowledgeStoreException($"Library '{libraryId}' has no sources yet.") : knowledge;
    }

    async Task<string?> ILiveKnowledgeSource.PublishedHashAsync(string libraryId, CancellationToken cancellationToken) =>
        (await _catalog.StoreOf(libraryId).LatestVersionAsync(cancellationToken).ConfigureAwait(false))?.KnowledgeHash;

    /// <summary>
    /// Loads the default library's engine (the bot loads it before it connects, so the first question is answered at once);
    /// throws with a message a person can act on when the default library has nothing to answer from.
    /// </summary>
    public async Task LoadDefaultAsync(CancellationToken cancellationToken = default)
    {
        var library = await OpenAsync(LibraryId.Default, cancellationToken).ConfigureAwait(false);
        if (library.Empty)
        {
            var store = _catalog.StoreOf(LibraryId.Default);
            throw new Knowledge.KnowledgeFormatException(await store.DraftExistsAsync(cancellationToken).ConfigureAwait(false)
                ? $"The default library ({store.DraftLocation}) has no sources to answer from."
                : $"Knowledge folder '{store.DraftLocation}' does not exist.");
        }
        try
        {
            using var lease = await _cache.AcquireAsync(LibraryId.Default, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineLoadException ex) when (ex.InnerException is Knowledge.KnowledgeFormatException format)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(format);
        }
    }

    private IAnswerService Metered(string libraryId, IAnswerService answers) =>
        _metrics is null ? answers : new MeteredAnswerService(answers, libraryId, _metrics, _time, _loggers.CreateLogger<MeteredAnswerService>());

    /// <summary>
    /// A lease on a library's engine (the default one included), for tools that need the engine itself (the command line's ask and chat); null while
    /// the library has no sources. Dispose it when done.
    /// </summary>
    public async Task<EngineLease?> LeaseAsync(string libraryId, CancellationToken cancellationToken = default)
    {
        if (libraryId != LibraryId.Default && await _catalog.FindAsync(libraryId, cancellationToken).ConfigureAwait(false) is null)
            throw new KnowledgeStoreException($"There is no library '{libraryId}'; `kb library list` shows them.");
        var library = await OpenAsync(libraryId, cancellationToken).ConfigureAwait(false);
        return library.Empty ? null : await _cache.AcquireAsync(libraryId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A library's moderation service for tools that use every verb (the command line), opened and recovered.</summary>
    public async Task<KnowledgeService> ServiceAsync(string libraryId, CancellationToken cancellationToken = default)
    {
        if (libraryId != LibraryId.Default && await _catalog.FindAsync(libraryId, cancellationToken).ConfigureAwait(false) is null)
            throw new KnowledgeStoreException($"There is no library '{libraryId}'; `kb library list` shows them.");
        return (await OpenAsync(libraryId, cancellationToken).ConfigureAwait(false)).Service;
    }

    async Task<IQuestionLog?> ILibraryQuestionLogs.ForServerAsync(string? serverId, CancellationToken cancellationToken) =>
        _questionLogOf(await LibraryOfServerAsync(serverId, cancellationToken).ConfigureAwait(false));

    Task<IFeedbackStore?> ILibraryFeedback.ForLibraryAsync(string libraryId, CancellationToken cancellationToken) =>
        Task.FromResult(_feedbackOf(libraryId));

    public async Task<IKnowledgeModeration> ModerationAsync(string libraryId, CancellationToken cancellationToken = default) =>
        (await OpenAsync(libraryId, cancellationToken).ConfigureAwait(false)).Moderation;

    public async Task<ImmutableArray<LibraryInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var created = await _catalog.ListAsync(cancellationToken).ConfigureAwait(false);
        return [new LibraryInfo(LibraryId.Default, DateTimeOffset.MinValue, "", "the operator", null), .. created];
    }

    public async Task<LibraryResult> CreateAsync(Actor actor, string libraryId, string? copyFrom, string? serverId, CancellationToken cancellationToken = default)
    {
        var id = (libraryId ?? "").Trim().ToLowerInvariant();
        if (LibraryId.Problem(id) is { } problem) return new LibraryResult(LibraryOutcome.InvalidId, id, problem);
        if (id == LibraryId.Default) return new LibraryResult(LibraryOutcome.AlreadyExists, id, $"'{id}' is the bundled library; pick another id.");
        try
        {
            var existing = await _catalog.ListAsync(cancellationToken).ConfigureAwait(false);
            if (existing.Any(l => l.Id == id)) return new LibraryResult(LibraryOutcome.AlreadyExists, id, $"A library '{id}' already exists; pick another id.");
            if (existing.Length + 1 >= _moderation.Limits.MaxLibraries)
                return new LibraryResult(LibraryOutcome.TooManyLibraries, id, $"Refused: this deployment already has {existing.Length + 1} libraries (the limit is {_moderation.Limits.MaxLibraries}).");
            var draft = KnowledgeFiles.Empty;
            if (copyFrom is not null)
            {
                if (copyFrom != LibraryId.Default && !existing.Any(l => l.Id == copyFrom))
                    return new LibraryResult(LibraryOutcome.UnknownSource, id, $"There is no library '{copyFrom}' to copy.");
                draft = await _catalog.StoreOf(copyFrom).ReadDraftAsync(cancellationToken).ConfigureAwait(false);
            }
            var info = new LibraryInfo(id, _time.GetUtcNow(), actor.Id, actor.Name, copyFrom);
            if (!await _catalog.TryCreateAsync(info, draft, cancellationToken).ConfigureAwait(false))
                return new LibraryResult(LibraryOutcome.AlreadyExists, id, $"A library '{id}' already exists; pick another id.");
            if (serverId is not null)
            {
                await _catalog.MapServerAsync(serverId, id, cancellationToken).ConfigureAwait(false);
                _serverMap.TryRemove(serverId, out _);
            }
            _loggers.CreateLogger<LibraryHub>().LogInformation("{Actor} created library {Library} ({Origin}) for server {Server}", actor.Name, id, copyFrom is null ? "empty" : "copy of " + copyFrom, serverId);
            var what = copyFrom is null ? "empty" : $"a copy of the draft of '{copyFrom}' ({draft.Count - (draft.Get(Knowledge.TaughtFile.FileName) is null ? 0 : 1)} sources)";
            var forServer = serverId is null ? "" : " This server now answers from it and every /kb command here changes it.";
            var next = copyFrom is null ? " Add sources and publish to make it answer." : " It answers from this copy until its first publish.";
            return new LibraryResult(LibraryOutcome.Created, id, $"Created library '{id}', {what}.{forServer}{next}");
        }
        catch (Exception ex) when (StoreFailure.Is(ex))
        {
            return new LibraryResult(LibraryOutcome.StoreFailed, id, $"The library was not created: {ex.Message}");
        }
    }

    public async Task<LibraryResult> UseAsync(Actor actor, string libraryId, string serverId, CancellationToken cancellationToken = default)
    {
        var id = (libraryId ?? "").Trim().ToLowerInvariant();
        try
        {
            if (id != LibraryId.Default && await _catalog.FindAsync(id, cancellationToken).ConfigureAwait(false) is null)
                return new LibraryResult(LibraryOutcome.UnknownLibrary, id, $"There is no library '{id}'.");
            await _catalog.MapServerAsync(serverId, id, cancellationToken).ConfigureAwait(false);
            _serverMap.TryRemove(serverId, out _);
            return new LibraryResult(LibraryOutcome.Mapped, id, $"This server now answers from library '{id}'.");
        }
        catch (Exception ex) when (StoreFailure.Is(ex))
        {
            return new LibraryResult(LibraryOutcome.StoreFailed, id, $"Nothing changed: {ex.Message}");
        }
    }

    /// <summary>
    /// Brings a library onto the latest version published by any process (called when another process published it, or on a
    /// timer): a loaded engine is replaced once the new one is built, the old one answering until then. A library that had no
    /// sources when it was opened is opened afresh. False when nothing changed.
    /// </summary>
    /// <exception cref="EngineLoadException">The latest version could not be read or built; the library goes on answering from the one it has.</exception>
    public async Task<bool> RefreshAsync(string libraryId, CancellationToken cancellationToken = default)
    {
        if (_libraries.TryGetValue(libraryId, out var opened) && opened.Value.IsCompletedSuccessfully && opened.Value.Result.Empty
            && await _catalog.StoreOf(libraryId).LatestVersionAsync(cancellationToken).ConfigureAwait(false) is not null)
        {
            // Published its first sources elsewhere: reopened at its next question, with an engine.
            _libraries.TryRemove(new KeyValuePair<string, Lazy<Task<Library>>>(libraryId, opened));
            return true;
        }
        if (!await _cache.RefreshAsync(libraryId, cancellationToken).ConfigureAwait(false)) return false;
        var latest = await _catalog.StoreOf(libraryId).LatestVersionAsync(cancellationToken).ConfigureAwait(false);
        _loggers.CreateLogger<LibraryHub>().LogInformation("Now answering library {Library} from published version v{Version} ({What})", libraryId, latest?.Version, latest?.What);
        return true;
    }

    /// <summary>Refreshes every library this process has open (after a lost connection to the shared store, when notifications
    /// may have been missed, and on the follow timer); a library that fails is logged and keeps its engine.</summary>
    public async Task RefreshAllAsync(CancellationToken cancellationToken = default)
    {
        foreach (var id in _libraries.Keys.Union(_cache.LoadedLibraries).ToList())
        {
            try
            {
                await RefreshAsync(id, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _loggers.CreateLogger<LibraryHub>().LogWarning(ex, "Could not bring library {Library} onto its latest published version; it answers from the one it has", id);
            }
        }
    }

    /// <summary>Opens a library once per process: recovery, its live engine (none while it has no sources), its moderation.</summary>
    private async Task<Library> OpenAsync(string libraryId, CancellationToken cancellationToken)
    {
        var lazy = _libraries.GetOrAdd(libraryId, id => new Lazy<Task<Library>>(() => LoadAsync(id)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            // A failed load is not kept: the next question tries again.
            _libraries.TryRemove(new KeyValuePair<string, Lazy<Task<Library>>>(libraryId, lazy));
            throw;
        }
    }

    private async Task<Library> LoadAsync(string libraryId)
    {
        var store = _catalog.StoreOf(libraryId);
        var service = new KnowledgeService(store, _engines, _moderation, _loggers.CreateLogger<KnowledgeService>(), _time, _questionLogOf(libraryId), _feedbackOf(libraryId),
            liveEngine: null, _training, _cache);
        await service.RecoverAsync().ConfigureAwait(false);
        bool empty = (await service.LoadLiveKnowledgeAsync().ConfigureAwait(false)).Passages.IsEmpty;
        var moderation = new LibraryModeration(service, async (question, count, ct) =>
        {
            if (empty) return [];
            using var lease = await _cache.AcquireAsync(libraryId, ct).ConfigureAwait(false);
            return KnowledgeService.TeachCandidates(lease.Engine, question, count);
        });
        // An empty library's first publish gives it sources: it is opened afresh at its next question.
        return new Library(empty, service, new ReloadingModeration(moderation, empty ? () => _libraries.TryRemove(libraryId, out _) : null));
    }

    public void Dispose()
    {
        _cache.Dispose();
        // The created libraries' logs and feedback stores are the hub's; the default library's belong to whoever made them.
        foreach (var (id, log) in _logs)
            if (id != LibraryId.Default) (log as IDisposable)?.Dispose();
        foreach (var (id, feedback) in _feedback)
            if (id != LibraryId.Default) (feedback as IDisposable)?.Dispose();
    }

    private sealed record Library(bool Empty, KnowledgeService Service, IKnowledgeModeration Moderation);
}
