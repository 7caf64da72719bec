using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Engine;

/// <summary>
/// The engines of every library, loaded on demand (one per process). A library's engine is loaded when it is first asked
/// for: its live knowledge comes from the host's <see cref="ILiveKnowledgeSource"/>, and libraries whose live knowledge has
/// the same hash share one engine. Loaded engines are kept in least-recently-used order within
/// <see cref="EngineCacheOptions.MemoryBudgetBytes"/>, and one nobody has used for <see cref="EngineCacheOptions.IdleUnload"/>
/// is unloaded. An engine in use (leased) is never unloaded; one unloaded or replaced while in use is released when its
/// last lease ends. A pinned library's engine (the default library's) is never unloaded, only replaced. A loaded library
/// follows versions published elsewhere through <see cref="RefreshAsync"/>, which builds the new engine while the old one
/// keeps answering. Every engine comes from one <see cref="EngineFactory"/>, so all share its embedding model and caches.
/// Thread-safe.
/// </summary>
public sealed class EngineCache : IDisposable
{
    private readonly ILiveKnowledgeSource _knowledge;
    private readonly Func<KnowledgeBase, CancellationToken, EngineSnapshot> _build;
    private readonly EngineOptions _engineOptions;
    private readonly EngineCacheOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ITimer _idleTimer;
    private readonly CancellationTokenSource _stopping = new();

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _byHash = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _byLibrary = new(StringComparer.Ordinal);
    // In-flight work, so concurrent first requests share one load per library and one build per knowledge hash.
    private readonly Dictionary<string, Task> _loads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<Entry>> _builds = new(StringComparer.Ordinal);
    // Bumped whenever a library is mapped to an engine or forgotten, so a refresh that read an older version does not undo a newer publish.
    private readonly Dictionary<string, long> _generations = new(StringComparer.Ordinal);
    private readonly IReadOnlySet<string> _pinned;
    // Most recently used first.
    private readonly LinkedList<Entry> _recency = new();
    private long _bytes, _hits, _misses, _evictions, _idleUnloads, _loadFailures;
    private bool _disposed;

    /// <param name="engines">Builds the engines (the process's one factory: shared embedding model, vector and model caches).</param>
    /// <param name="knowledge">Gives a library's live knowledge.</param>
    /// <param name="pinned">Libraries whose engine stays loaded whatever the budget and however long it is idle.</param>
    public EngineCache(EngineFactory engines, ILiveKnowledgeSource knowledge, EngineCacheOptions options, ILogger<EngineCache>? logger = null,
        TimeProvider? timeProvider = null, IReadOnlySet<string>? pinned = null)
        : this((kb, ct) => engines.Build(kb, cancellationToken: ct), engines.Options, knowledge, options, logger, timeProvider, pinned)
    {
    }

    /// <param name="build">Builds a snapshot of a knowledge version; tests count or fail builds with it.</param>
    internal EngineCache(Func<KnowledgeBase, CancellationToken, EngineSnapshot> build, EngineOptions engineOptions, ILiveKnowledgeSource knowledge,
        EngineCacheOptions options, ILogger? logger, TimeProvider? timeProvider, IReadOnlySet<string>? pinned = null)
    {
        _pinned = pinned ?? new HashSet<string>();
        _build = build;
        _engineOptions = engineOptions;
        _knowledge = knowledge;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _idleTimer = _time.CreateTimer(_ => UnloadIdle(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public EngineCacheCounters Counters
    {
        get
        {
            lock (_lock) return new EngineCacheCounters(_recency.Count, _bytes, _byLibrary.Count, _hits, _misses, _evictions, _idleUnloads, _loadFailures);
        }
    }

    /// <summary>
    /// A lease on the engine of <paramref name="libraryId"/>, loaded first if it is not (concurrent requests share the load).
    /// Cancelling stops this wait only; the load goes on for the others and for the next request.
    /// </summary>
    /// <exception cref="EngineLoadException">The library's knowledge could not be read or its engine built; the next request tries again.</exception>
    public async Task<EngineLease> AcquireAsync(string libraryId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(libraryId);
        bool waited = false;
        while (true)
        {
            Task load;
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_byLibrary.TryGetValue(libraryId, out var entry))
                {
                    if (waited) _misses++;
                    else _hits++;
                    return LeaseLocked(entry, libraryId);
                }
                if (!_loads.TryGetValue(libraryId, out load!))
                {
                    load = Task.Run(() => LoadAsync(libraryId));
                    _loads.Add(libraryId, load);
                }
            }
            waited = true;
            // Once loaded, the library is looked up again: a publish or an eviction may have come in between.
            await load.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Makes <paramref name="snapshot"/> the library's engine, taking over its owner's reference: the next request gets it.
    /// The engine it replaces is released when its last lease ends, unless another library still answers from it. If an
    /// engine on the same knowledge is already loaded, that one is kept and <paramref name="snapshot"/> is disposed.
    /// </summary>
    public void Publish(string libraryId, EngineSnapshot snapshot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(libraryId);
        ArgumentNullException.ThrowIfNull(snapshot);
        EngineSnapshot? redundant = null;
        var released = new List<Entry>();
        lock (_lock)
        {
            if (_disposed)
            {
                snapshot.Dispose();
                throw new ObjectDisposedException(nameof(EngineCache));
            }
            if (_byHash.TryGetValue(snapshot.Knowledge.Hash, out var entry))
            {
                if (!ReferenceEquals(entry.Snapshot, snapshot)) redundant = snapshot;
            }
            else
            {
                entry = InstallLocked(snapshot);
            }
            if (_byLibrary.TryGetValue(libraryId, out var old) && old != entry)
            {
                _byLibrary.Remove(libraryId);
                old.Libraries.Remove(libraryId);
                if (old.Libraries.Count == 0) released.Add(RemoveLocked(old));
            }
            MapLocked(libraryId, entry);
            released.AddRange(TrimLocked());
            ScheduleIdleCheckLocked();
        }
        redundant?.Dispose();
        Unload(released, "replaced by a publish");
        _logger.LogInformation("Library {LibraryId} now answers from knowledge {KnowledgeHash}", libraryId, snapshot.Knowledge.Hash[..12]);
    }

    /// <summary>Whether the library's engine is loaded now (a question would be answered without loading).</summary>
    internal bool IsLoaded(string libraryId)
    {
        lock (_lock) return _byLibrary.ContainsKey(libraryId);
    }

    /// <summary>The libraries whose engine is loaded now.</summary>
    internal IReadOnlyList<string> LoadedLibraries
    {
        get
        {
            lock (_lock) return [.. _byLibrary.Keys];
        }
    }

    /// <summary>
    /// Brings a loaded library onto its latest published version when it answers from another one (published by another
    /// process): the new engine is built, or shared, while the current one goes on answering, then replaces it. A library
    /// that is not loaded is left alone (its next question loads the latest). False when nothing changed, including when a
    /// publish in this process got there first.
    /// </summary>
    /// <exception cref="EngineLoadException">The latest version could not be read or built; the current engine stays.</exception>
    public async Task<bool> RefreshAsync(string libraryId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(libraryId);
        long generation;
        string currentHash;
        while (true)
        {
            Task? loading;
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_byLibrary.TryGetValue(libraryId, out var current))
                {
                    generation = _generations.GetValueOrDefault(libraryId);
                    currentHash = current.Hash;
                    break;
                }
                // Being loaded: that load may have read the version before the one just published, so check once it is in.
                if (!_loads.TryGetValue(libraryId, out loading)) return false;
            }
            try
            {
                await loading.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                return false; // the failed load is not kept: the next question loads the latest
            }
        }
        string? published;
        KnowledgeBase knowledge;
        try
        {
            published = await _knowledge.PublishedHashAsync(libraryId, cancellationToken).ConfigureAwait(false);
            if (published is null || published == currentHash) return false;
            knowledge = await _knowledge.LoadLiveAsync(libraryId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not ObjectDisposedException)
        {
            throw Failed(libraryId, $"The latest version of library '{libraryId}' could not be read: {ex.Message}", ex);
        }
        while (true)
        {
            Task<Entry>? build = null;
            Entry? ready = null;
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_generations.GetValueOrDefault(libraryId) != generation) return false;
                if (_byHash.TryGetValue(knowledge.Hash, out var shared)) ready = shared;
                else if (!_builds.TryGetValue(knowledge.Hash, out build))
                {
                    build = StartBuild(knowledge, _stopping.Token);
                    _builds.Add(knowledge.Hash, build);
                }
            }
            if (ready is null)
            {
                try
                {
                    ready = await build!.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && !_stopping.IsCancellationRequested)
                {
                    throw Failed(libraryId, $"The engine of the latest version of library '{libraryId}' could not be built: {ex.Message}", ex);
                }
            }
            var released = new List<Entry>();
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_generations.GetValueOrDefault(libraryId) != generation) return false;
                // Unloaded again before it could be handed out (memory pressure): build once more.
                if (ready.Unloaded) continue;
                if (_byLibrary.TryGetValue(libraryId, out var old) && old != ready)
                {
                    _byLibrary.Remove(libraryId);
                    old.Libraries.Remove(libraryId);
                    if (old.Libraries.Count == 0) released.Add(RemoveLocked(old));
                }
                MapLocked(libraryId, ready);
                released.AddRange(TrimLocked());
                ScheduleIdleCheckLocked();
            }
            Unload(released, "replaced by a version published elsewhere");
            _logger.LogInformation("Library {LibraryId} now answers from its latest published version (knowledge {KnowledgeHash})", libraryId, knowledge.Hash[..12]);
            return true;
        }
    }

    private async Task LoadAsync(string libraryId)
    {
        var stopping = _stopping.Token;
        try
        {
            while (true)
            {
                KnowledgeBase knowledge;
                try
                {
                    knowledge = await _knowledge.LoadLiveAsync(libraryId, stopping).ConfigureAwait(false);
                }
                catch (Exception ex) when (!stopping.IsCancellationRequested)
                {
                    throw Failed(libraryId, $"The knowledge of library '{libraryId}' could not be read: {ex.Message}", ex);
                }
                Task<Entry> build;
                lock (_lock)
                {
                    ObjectDisposedException.ThrowIf(_disposed, this);
                    // Published while its knowledge was read: the published engine is the newer one.
                    if (_byLibrary.ContainsKey(libraryId)) return;
                    if (_byHash.TryGetValue(knowledge.Hash, out var shared))
                    {
                        MapLocked(libraryId, shared);
                        return;
                    }
                    if (!_builds.TryGetValue(knowledge.Hash, out build!))
                    {
                        build = StartBuild(knowledge, stopping);
                        _builds.Add(knowledge.Hash, build);
                    }
                }
                Entry entry;
                try
                {
                    entry = await build.ConfigureAwait(false);
                }
                catch (Exception ex) when (!stopping.IsCancellationRequested)
                {
                    throw Failed(libraryId, $"The engine of library '{libraryId}' could not be built: {ex.Message}", ex);
                }
                lock (_lock)
                {
                    ObjectDisposedException.ThrowIf(_disposed, this);
                    if (_byLibrary.ContainsKey(libraryId)) return;
                    // Unloaded again before it could be handed out (memory pressure): load once more.
                    if (entry.Unloaded) continue;
                    MapLocked(libraryId, entry);
                    return;
                }
            }
        }
        finally
        {
            lock (_lock) _loads.Remove(libraryId);
        }
    }

    private EngineLoadException Failed(string libraryId, string message, Exception ex)
    {
        lock (_lock) _loadFailures++;
        _logger.LogWarning(ex, "Loading the engine of library {LibraryId} failed; the next request tries again", libraryId);
        return new EngineLoadException(libraryId, message, ex);
    }

    /// <summary>
    /// Builds on a thread of its own at below-normal priority: a load that has to train takes minutes, and must neither hold
    /// a thread-pool thread nor take the processor from questions to engines already loaded.
    /// </summary>
    private Task<Entry> StartBuild(KnowledgeBase knowledge, CancellationToken stopping)
    {
        var done = new TaskCompletionSource<Entry>(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            try
            {
                done.SetResult(BuildAndInstall(knowledge, stopping));
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        { Name = "SourceBot engine load", IsBackground = true, Priority = ThreadPriority.BelowNormal }.Start();
        return done.Task;
    }

    private Entry BuildAndInstall(KnowledgeBase knowledge, CancellationToken stopping)
    {
        EngineSnapshot snapshot;
        try
        {
            long started = _time.GetTimestamp();
            snapshot = _build(knowledge, stopping);
            _logger.LogInformation("Loaded the engine for knowledge {KnowledgeHash} ({EstimatedBytes} bytes estimated, models {ModelSource}) in {Seconds:F1} s",
                knowledge.Hash[..12], snapshot.EstimatedBytes, snapshot.LoadedFromCache ? "from the cache" : "trained", _time.GetElapsedTime(started).TotalSeconds);
        }
        catch
        {
            lock (_lock) _builds.Remove(knowledge.Hash);
            throw;
        }
        Entry? entry;
        EngineSnapshot? redundant = null;
        List<Entry> released = [];
        lock (_lock)
        {
            _builds.Remove(knowledge.Hash);
            if (_disposed)
            {
                redundant = snapshot;
                entry = null;
            }
            else if (_byHash.TryGetValue(knowledge.Hash, out entry))
            {
                // Published with the same knowledge while this one was being built.
                redundant = snapshot;
            }
            else
            {
                entry = InstallLocked(snapshot);
                released = TrimLocked();
                ScheduleIdleCheckLocked();
            }
        }
        redundant?.Dispose();
        Unload(released, "over the memory budget");
        return entry ?? throw new ObjectDisposedException(nameof(EngineCache));
    }

    private Entry InstallLocked(EngineSnapshot snapshot)
    {
        var entry = new Entry(snapshot, new AnswerEngine(snapshot, _engineOptions), _time.GetUtcNow());
        _byHash.Add(entry.Hash, entry);
        _recency.AddFirst(entry.Node);
        _bytes += entry.Bytes;
        return entry;
    }

    private void BumpLocked(string libraryId) => _generations[libraryId] = _generations.GetValueOrDefault(libraryId) + 1;

    private bool IsPinnedLocked(Entry entry) => _pinned.Count > 0 && entry.Libraries.Overlaps(_pinned);

    private void MapLocked(string libraryId, Entry entry)
    {
        BumpLocked(libraryId);
        _byLibrary[libraryId] = entry;
        entry.Libraries.Add(libraryId);
        TouchLocked(entry);
    }

    private void TouchLocked(Entry entry)
    {
        entry.LastUsed = _time.GetUtcNow();
        if (_recency.First != entry.Node)
        {
            _recency.Remove(entry.Node);
            _recency.AddFirst(entry.Node);
        }
    }

    private EngineLease LeaseLocked(Entry entry, string libraryId)
    {
        // The entry holds the owner's reference until it is removed, and it is not removed while leased or inside this lock.
        if (!entry.Snapshot.TryRetain()) throw new InvalidOperationException("A loaded engine's snapshot was released while still loaded.");
        entry.Leases++;
        TouchLocked(entry);
        return new EngineLease(libraryId, entry.Engine, new SnapshotLease(entry.Snapshot), () => Return(entry));
    }

    private void Return(Entry entry)
    {
        List<Entry> released;
        lock (_lock)
        {
            entry.Leases--;
            entry.LastUsed = _time.GetUtcNow();
            if (entry.Unloaded || _disposed) return;
            released = TrimLocked();
            ScheduleIdleCheckLocked();
        }
        Unload(released, "over the memory budget");
    }

    /// <summary>Takes unleased engines out, least recently used first, until the loaded ones fit the budget; never the most recently used one.</summary>
    private List<Entry> TrimLocked()
    {
        var released = new List<Entry>();
        for (var node = _recency.Last; _bytes > _options.MemoryBudgetBytes && node is not null && node != _recency.First;)
        {
            var previous = node.Previous;
            if (node.Value.Leases == 0 && !IsPinnedLocked(node.Value))
            {
                released.Add(RemoveLocked(node.Value));
                _evictions++;
            }
            node = previous;
        }
        return released;
    }

    private Entry RemoveLocked(Entry entry)
    {
        _byHash.Remove(entry.Hash);
        foreach (var library in entry.Libraries)
        {
            _byLibrary.Remove(library);
            BumpLocked(library);
        }
        entry.Libraries.Clear();
        _recency.Remove(entry.Node);
        _bytes -= entry.Bytes;
        entry.Unloaded = true;
        return entry;
    }

    /// <summary>Gives up the cache's reference to each engine; each is released now, or when its last lease ends.</summary>
    private void Unload(List<Entry> entries, string why)
    {
        foreach (var entry in entries)
        {
            entry.Engine.Dispose();
            _logger.LogInformation("Unloaded the engine for knowledge {KnowledgeHash} ({EstimatedBytes} bytes estimated): {Reason}", entry.Hash[..12], entry.Bytes, why);
        }
    }

    private void UnloadIdle()
    {
        var released = new List<Entry>();
        lock (_lock)
        {
            if (_disposed) return;
            var now = _time.GetUtcNow();
            for (var node = _recency.First; node is not null;)
            {
                var next = node.Next;
                if (node.Value.Leases == 0 && !IsPinnedLocked(node.Value) && now - node.Value.LastUsed >= _options.IdleUnload)
                {
                    released.Add(RemoveLocked(node.Value));
                    _idleUnloads++;
                }
                node = next;
            }
            ScheduleIdleCheckLocked();
        }
        Unload(released, "idle");
    }

    /// <summary>Sets the idle timer for the first unleased engine to reach its idle time (inside the lock, so settings land in order).</summary>
    private void ScheduleIdleCheckLocked()
    {
        DateTimeOffset? first = null;
        foreach (var entry in _recency)
        {
            if (entry.Leases > 0 || IsPinnedLocked(entry)) continue;
            var due = entry.LastUsed + _options.IdleUnload;
            if (first is null || due < first) first = due;
        }
        // At least a tick ahead, so no timer calls back into this lock from the thread that sets it.
        var wait = first is { } at ? TimeSpan.FromTicks(Math.Max(1, (at - _time.GetUtcNow()).Ticks)) : Timeout.InfiniteTimeSpan;
        _idleTimer.Change(wait, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Unloads every engine (each is released when its last lease ends) and stops loads under way.</summary>
    public void Dispose()
    {
        List<Entry> released;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            released = [.. _recency];
            foreach (var entry in released) RemoveLocked(entry);
        }
        _stopping.Cancel();
        _idleTimer.Dispose();
        Unload(released, "the cache is shutting down");
    }

    /// <summary>One loaded engine: a knowledge version, the libraries answering from it, and its use.</summary>
    private sealed class Entry
    {
        public Entry(EngineSnapshot snapshot, AnswerEngine engine, DateTimeOffset now)
        {
            Snapshot = snapshot;
            Engine = engine;
            Hash = snapshot.Knowledge.Hash;
            Bytes = snapshot.EstimatedBytes;
            LastUsed = now;
            Node = new LinkedListNode<Entry>(this);
        }

        public EngineSnapshot Snapshot { get; }
        public AnswerEngine Engine { get; }
        public string Hash { get; }
        public long Bytes { get; }
        public LinkedListNode<Entry> Node { get; }
        public HashSet<string> Libraries { get; } = new(StringComparer.Ordinal);
        public int Leases { get; set; }
        public DateTimeOffset LastUsed { get; set; }
        public bool Unloaded { get; set; }
    }
}
