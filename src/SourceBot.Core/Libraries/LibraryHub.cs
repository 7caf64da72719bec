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
/// creating libraries. The default library answers from the engine the host loaded at start; created ones from an
/// <see cref="EngineCache"/> (loaded when first asked, kept within a memory budget, unloaded when idle, shared by libraries
/// with the same knowledge), all from the process's one <see cref="EngineFactory"/>. Publishes train on the process's
/// <see cref="TrainingQueue"/> when there is one.
/// With <see cref="SourceBotMetrics"/>, the answers it hands out are counted per library (<see cref="MeteredAnswerService"/>).
/// </summary>
public sealed class LibraryHub : ILibraries, ILibraryAnswers, ILibraryQuestionLogs, ILiveKnowledgeSource, IDisposable
{
    private readonly ILibraryCatalog _catalog;
    private readonly EngineFactory _engines;
    private readonly ModerationOptions _moderation;
    private readonly LibrariesOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;
    private readonly Func<AnswerEngine> _defaultEngine;
    private readonly Func<KnowledgeService> _defaultService;
    private readonly Func<string, IQuestionLog?> _questionLogOf;
    private readonly Func<string, IFeedbackStore?> _feedbackOf;
    private readonly SourceBotMetrics? _metrics;
    private readonly ConcurrentDictionary<string, Lazy<Task<Library>>> _libraries = new(StringComparer.Ordinal);
    private readonly EngineCache _cache;
    // Which library each server uses, as read recently: every question needs it, and it changes only on `library create/use`
    // (at once in the process that made the change; within this long in the others).
    private static readonly TimeSpan ServerMapLifetime = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, (string LibraryId, DateTimeOffset ReadAt)> _serverMap = new(StringComparer.Ordinal);
    private readonly TrainingQueue? _training;

    public LibraryHub(ILibraryCatalog catalog, EngineFactory engines, ModerationOptions moderation, LibrariesOptions options,
        Func<AnswerEngine> defaultEngine, Func<KnowledgeService> defaultService, Func<string, IQuestionLog?>? questionLogOf = null,
        Func<string, IFeedbackStore?>? feedbackOf = null, ILoggerFactory? loggers = null, TimeProvider? time = null,
        EngineCacheOptions? cacheOptions = null, TrainingQueue? training = null, SourceBotMetrics? metrics = null)
    {
        _metrics = metrics;
        _catalog = catalog;
        _engines = engines;
        _moderation = moderation;
        _options = options;
        _defaultEngine = defaultEngine;
        _defaultService = defaultService;
        // One log per library for the life of the hub, whoever asks for it.
        var logs = new ConcurrentDictionary<string, IQuestionLog?>(StringComparer.Ordinal);
        _questionLogOf = questionLogOf is null ? _ => null : id => logs.GetOrAdd(id, questionLogOf);
        _feedbackOf = feedbackOf ?? (_ => null);
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _time = time ?? TimeProvider.System;
        _training = training;
        _cache = new EngineCache(engines, this, cacheOptions ?? new EngineCacheOptions(), _loggers.CreateLogger<EngineCache>(), _time);
    }

    /// <summary>What the created libraries' engine cache holds, for metrics.</summary>
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
        if (libraryId == LibraryId.Default) return Metered(libraryId, _defaultEngine());
        var library = await OpenAsync(libraryId, cancellationToken).ConfigureAwait(false);
        return Metered(libraryId, library.Empty ? new EmptyLibraryAnswers(libraryId) : new CachedLibraryAnswers(_cache, libraryId));
    }

    async Task<Knowledge.KnowledgeBase> ILiveKnowledgeSource.LoadLiveAsync(string libraryId, CancellationToken cancellationToken)
    {
        var knowledge = await _catalog.StoreOf(libraryId).LoadLiveKnowledgeAsync(allowEmpty: true, cancellationToken).ConfigureAwait(false);
        return knowledge.Passages.IsEmpty ? throw new KnowledgeStoreException($"Library '{libraryId}' has no sources yet.") : knowledge;
    }

    private IAnswerService Metered(string libraryId, IAnswerService answers) =>
        _metrics is null ? answers : new MeteredAnswerService(answers, libraryId, _metrics, _time, _loggers.CreateLogger<MeteredAnswerService>());

    /// <summary>
    /// A lease on a created library's engine, for tools that need the engine itself (the command line's chat); null while
    /// the library has no sources. Dispose it when done.
    /// </summary>
    public async Task<EngineLease?> LeaseAsync(string libraryId, CancellationToken cancellationToken = default)
    {
        if (await _catalog.FindAsync(libraryId, cancellationToken).ConfigureAwait(false) is null)
            throw new KnowledgeStoreException($"There is no library '{libraryId}'; `kb library list` shows them.");
        var library = await OpenAsync(libraryId, cancellationToken).ConfigureAwait(false);
        return library.Empty ? null : await _cache.AcquireAsync(libraryId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A library's moderation service for tools that use every verb (the command line), opened and recovered.</summary>
    public async Task<KnowledgeService> ServiceAsync(string libraryId, CancellationToken cancellationToken = default)
    {
        if (libraryId == LibraryId.Default) return _defaultService();
        if (await _catalog.FindAsync(libraryId, cancellationToken).ConfigureAwait(false) is null)
            throw new KnowledgeStoreException($"There is no library '{libraryId}'; `kb library list` shows them.");
        var service = new KnowledgeService(_catalog.StoreOf(libraryId), _engines, _moderation, _loggers.CreateLogger<KnowledgeService>(), _time, _questionLogOf(libraryId), _feedbackOf(libraryId));
        await service.RecoverAsync(cancellationToken).ConfigureAwait(false);
        return service;
    }

    async Task<IQuestionLog?> ILibraryQuestionLogs.ForServerAsync(string? serverId, CancellationToken cancellationToken) =>
        _questionLogOf(await LibraryOfServerAsync(serverId, cancellationToken).ConfigureAwait(false));

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
    /// Forgets a created library's loaded engine and moderation, so the next question loads its latest version: called when
    /// another process published it. The default library follows publishes through its own follower instead.
    /// </summary>
    public void Forget(string libraryId)
    {
        if (libraryId == LibraryId.Default) return;
        _libraries.TryRemove(libraryId, out _);
        _cache.Invalidate(libraryId);
    }

    /// <summary>Forgets every created library's loaded engine (after a lost connection to the shared store, when notifications may have been missed).</summary>
    public void ForgetAll()
    {
        foreach (var id in _libraries.Keys.Where(id => id != LibraryId.Default)) Forget(id);
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
        // The default library's engine and service are the host's (loaded at start, followed by LiveVersionFollower); made only when first asked for.
        if (libraryId == LibraryId.Default) return new Library(false, new LibraryModeration(_defaultService(), _defaultEngine()));
        var store = _catalog.StoreOf(libraryId);
        var service = new KnowledgeService(store, _engines, _moderation, _loggers.CreateLogger<KnowledgeService>(), _time, _questionLogOf(libraryId), _feedbackOf(libraryId),
            liveEngine: null, _training, install: snapshot => _cache.Publish(libraryId, snapshot));
        await service.RecoverAsync().ConfigureAwait(false);
        bool empty = (await service.LoadLiveKnowledgeAsync().ConfigureAwait(false)).Passages.IsEmpty;
        var moderation = new LibraryModeration(service, async (question, count, ct) =>
        {
            if (empty) return [];
            using var lease = await _cache.AcquireAsync(libraryId, ct).ConfigureAwait(false);
            return KnowledgeService.TeachCandidates(lease.Engine, question, count);
        });
        // An empty library's first publish gives it sources: it is opened afresh at its next question.
        return new Library(empty, new ReloadingModeration(moderation, empty ? () => _libraries.TryRemove(libraryId, out _) : null));
    }

    public void Dispose() => _cache.Dispose();

    private sealed record Library(bool Empty, IKnowledgeModeration Moderation);
}
