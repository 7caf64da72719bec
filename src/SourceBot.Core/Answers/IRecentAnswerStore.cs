namespace SourceBot.Core.Answers;

/// <summary>
/// Recent answers and custom_id aliases, each under a short random key (10 characters of [0-9A-Za-z]), gone after the
/// store's lifetime. A front end stores an answer when it posts it and finds it again when a button under it is pressed;
/// with a shared store (PostgreSQL) the press may reach a different process than the one that posted the answer.
/// </summary>
public interface IRecentAnswerStore
{
    /// <summary>Stores an answer of <paramref name="libraryId"/> given at <paramref name="origin"/>; returns its new key.</summary>
    Task<string> AddAsync(string libraryId, Answer answer, string origin, CancellationToken cancellationToken = default);

    /// <summary>The answer stored under <paramref name="key"/>, or null when there is none or it has expired.</summary>
    Task<StoredAnswer?> FindAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Stores a value too long to travel in a custom_id; returns the key that stands for it.</summary>
    Task<string> AddAliasAsync(string value, CancellationToken cancellationToken = default);

    /// <summary>The value an alias key stands for, or null when there is none or it has expired.</summary>
    Task<string?> FindAliasAsync(string key, CancellationToken cancellationToken = default);
}
