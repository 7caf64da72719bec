using System.Text.Json;
using SourceBot.Core.Answers;
using SourceBot.Core.Libraries;

namespace SourceBot.Discord.Interactions;

/// <summary>An answer the bot gave, as the buttons under it need it, with the library that gave it and where and to whom it was given.</summary>
public sealed record RecentAnswer(string Key, Answer Answer, DateTimeOffset AnsweredAt, AnswerOrigin Origin, string LibraryId);

/// <summary>
/// The answers the bot gave (and custom_id aliases), keyed by short random ids, in Core's <see cref="IRecentAnswerStore"/>:
/// in memory for one process, or shared (PostgreSQL) so a button pressed on an answer another process posted finds it.
/// The Discord side of an entry, its <see cref="AnswerOrigin"/>, travels as JSON the store does not look into.
/// </summary>
public sealed class RecentAnswers
{
    private readonly IRecentAnswerStore _store;

    public RecentAnswers(IRecentAnswerStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>Answers kept in this process's memory: at most <paramref name="capacity"/>, for <paramref name="lifetime"/>.</summary>
    public RecentAnswers(int capacity, TimeSpan lifetime, TimeProvider timeProvider)
        : this(new InMemoryRecentAnswerStore(capacity, lifetime, timeProvider))
    {
    }

    /// <summary>
    /// Stores an answer <paramref name="libraryId"/> gave at <paramref name="origin"/> and returns its key (10 characters of
    /// [0-9A-Za-z]). An answer service that names no library (null or blank) answered for the default one.
    /// </summary>
    public Task<string> AddAsync(string? libraryId, Answer answer, AnswerOrigin origin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(origin);
        return _store.AddAsync(string.IsNullOrWhiteSpace(libraryId) ? LibraryId.Default : libraryId, answer, JsonSerializer.Serialize(origin), cancellationToken);
    }

    /// <summary>The answer stored under <paramref name="key"/>, or null when there is none or it has expired.</summary>
    public async Task<RecentAnswer?> FindAsync(string? key, CancellationToken cancellationToken = default)
    {
        if (key is null || await _store.FindAsync(key, cancellationToken).ConfigureAwait(false) is not { } stored) return null;
        return JsonSerializer.Deserialize<AnswerOrigin>(stored.Origin) is { } origin ? new RecentAnswer(stored.Key, stored.Answer, stored.StoredAt, origin, stored.LibraryId) : null;
    }

    /// <summary>
    /// Registers an alias for each of <paramref name="arguments"/> that needs one in a custom_id (<see cref="CustomIds.NeedsAlias"/>)
    /// and returns them, for rendering a message whose buttons carry those arguments.
    /// </summary>
    public async Task<CustomIdAliases> AliasesForAsync(IEnumerable<string?> arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        Dictionary<string, string>? keys = null;
        foreach (var argument in arguments)
        {
            if (argument is null || !CustomIds.NeedsAlias(argument) || keys?.ContainsKey(argument) == true) continue;
            (keys ??= new Dictionary<string, string>(StringComparer.Ordinal))[argument] = await AddAliasAsync(argument, cancellationToken).ConfigureAwait(false);
        }
        return keys is null ? CustomIdAliases.None : new CustomIdAliases(keys);
    }

    internal Task<string> AddAliasAsync(string value, CancellationToken cancellationToken) => _store.AddAliasAsync(value, cancellationToken);

    internal Task<string?> FindAliasAsync(string key, CancellationToken cancellationToken) => _store.FindAliasAsync(key, cancellationToken);
}
