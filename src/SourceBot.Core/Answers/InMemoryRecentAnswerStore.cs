namespace SourceBot.Core.Answers;

/// <summary>
/// <see cref="IRecentAnswerStore"/> in this process's memory, for one process: a bounded cache of answers and aliases where the
/// least recently used entry goes first when full and entries older than the lifetime are gone. Time comes from a
/// <see cref="TimeProvider"/>.
/// </summary>
public sealed class InMemoryRecentAnswerStore : IRecentAnswerStore
{
    private readonly object _lock = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _map = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _lru = new();
    private readonly int _capacity;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;

    /// <param name="capacity">The most answers and aliases kept together.</param>
    /// <param name="lifetime">How long an entry stays findable.</param>
    public InMemoryRecentAnswerStore(int capacity, TimeSpan lifetime, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _capacity = capacity;
        _lifetime = lifetime;
        _time = timeProvider;
    }

    /// <summary>Answers and aliases held, expired ones included until they are pushed out or looked up.</summary>
    public int Count
    {
        get { lock (_lock) return _map.Count; }
    }

    public Task<string> AddAsync(string libraryId, Answer answer, string origin, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(libraryId);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(origin);
        return Task.FromResult(Insert((key, now) => new Entry(key, now, new StoredAnswer(key, libraryId, answer, origin, now), null)));
    }

    public Task<StoredAnswer?> FindAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_lock) return Task.FromResult(Lookup(key)?.Answer);
    }

    public Task<string> AddAliasAsync(string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Task.FromResult(Insert((key, now) => new Entry(key, now, null, value)));
    }

    public Task<string?> FindAliasAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_lock) return Task.FromResult(Lookup(key)?.Alias);
    }

    private Entry? Lookup(string? key)
    {
        if (key is null || !_map.TryGetValue(key, out var node)) return null;
        if (_time.GetUtcNow() - node.Value.CreatedAt >= _lifetime)
        {
            _lru.Remove(node);
            _map.Remove(key);
            return null;
        }
        _lru.Remove(node);
        _lru.AddFirst(node);
        return node.Value;
    }

    private string Insert(Func<string, DateTimeOffset, Entry> create)
    {
        lock (_lock)
        {
            var key = RecentAnswerKeys.New();
            while (_map.ContainsKey(key)) key = RecentAnswerKeys.New();
            var now = _time.GetUtcNow();
            // Drop expired entries from the old end, then the least recently used while full.
            while (_lru.Last is { } last && (now - last.Value.CreatedAt >= _lifetime || _map.Count >= _capacity))
            {
                _map.Remove(last.Value.Key);
                _lru.RemoveLast();
            }
            _map[key] = _lru.AddFirst(create(key, now));
            return key;
        }
    }

    private sealed record Entry(string Key, DateTimeOffset CreatedAt, StoredAnswer? Answer, string? Alias);
}
