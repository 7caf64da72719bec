using System.Security.Cryptography;
using SourceBot.Core.Answers;

namespace SourceBot.Discord.Interactions;

/// <summary>An answer the bot gave, as the buttons under it need it, with where and to whom it was given.</summary>
public sealed record RecentAnswer(string Key, Answer Answer, DateTimeOffset AnsweredAt, AnswerOrigin Origin);

/// <summary>
/// A bounded, expiring cache of recent answers (and custom_id aliases) keyed by short random ids: least recently used entries go
/// first when full, and entries older than the lifetime are gone. Time comes from a <see cref="TimeProvider"/>.
/// </summary>
public sealed class RecentAnswers
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const int KeyLength = 10;

    private readonly object _lock = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _map = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _lru = new();
    private readonly int _capacity;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;

    public RecentAnswers(int capacity, TimeSpan lifetime, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _lifetime = lifetime;
        _time = timeProvider;
    }

    public int Count
    {
        get { lock (_lock) return _map.Count; }
    }

    /// <summary>Stores an answer given at <paramref name="origin"/> and returns its key (10 characters of [0-9A-Za-z]).</summary>
    public string Add(Answer answer, AnswerOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(origin);
        lock (_lock)
        {
            var key = NewKey();
            Insert(new Entry(key, _time.GetUtcNow(), answer, origin, null));
            return key;
        }
    }

    public bool TryGet(string? key, out RecentAnswer recent)
    {
        lock (_lock)
        {
            if (key is not null && Lookup(key) is { Answer: { } answer, Origin: { } origin } entry)
            {
                recent = new RecentAnswer(entry.Key, answer, entry.CreatedAt, origin);
                return true;
            }
        }
        recent = null!;
        return false;
    }

    /// <summary>
    /// Registers an alias for each of <paramref name="arguments"/> that needs one in a custom_id (<see cref="CustomIds.NeedsAlias"/>)
    /// and returns them, for rendering a message whose buttons carry those arguments.
    /// </summary>
    public CustomIdAliases AliasesFor(IEnumerable<string?> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        Dictionary<string, string>? keys = null;
        foreach (var argument in arguments)
        {
            if (argument is null || !CustomIds.NeedsAlias(argument) || keys?.ContainsKey(argument) == true) continue;
            (keys ??= new Dictionary<string, string>(StringComparer.Ordinal))[argument] = AddAlias(argument);
        }
        return keys is null ? CustomIdAliases.None : new CustomIdAliases(keys);
    }

    internal string AddAlias(string value)
    {
        lock (_lock)
        {
            var key = NewKey();
            Insert(new Entry(key, _time.GetUtcNow(), null, null, value));
            return key;
        }
    }

    internal string? TryGetAlias(string key)
    {
        lock (_lock) return Lookup(key)?.Alias;
    }

    private Entry? Lookup(string key)
    {
        if (!_map.TryGetValue(key, out var node)) return null;
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

    private void Insert(Entry entry)
    {
        var now = _time.GetUtcNow();
        // Drop expired entries from the old end, then the least recently used while full.
        while (_lru.Last is { } last && (now - last.Value.CreatedAt >= _lifetime || _map.Count >= _capacity))
        {
            _map.Remove(last.Value.Key);
            _lru.RemoveLast();
        }
        _map[entry.Key] = _lru.AddFirst(entry);
    }

    private string NewKey()
    {
        while (true)
        {
            var key = RandomNumberGenerator.GetString(Alphabet, KeyLength);
            if (!_map.ContainsKey(key)) return key;
        }
    }

    private sealed record Entry(string Key, DateTimeOffset CreatedAt, Answer? Answer, AnswerOrigin? Origin, string? Alias);
}
