using Npgsql;
using SourceBot.Core.Answers;

namespace SourceBot.Core.Storage.Postgres;

/// <summary>
/// <see cref="IRecentAnswerStore"/> in PostgreSQL (tables <c>recent_answers</c> and <c>answer_aliases</c>), so a button
/// pressed on an answer that another process posted finds it. Entries are bounded by their lifetime, not by a count: a
/// lookup ignores expired rows, and an insert deletes them at most once a minute per process.
/// </summary>
public sealed class PostgresRecentAnswerStore : IRecentAnswerStore
{
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(1);

    private readonly PostgresDatabase _database;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;
    private long _nextPurgeTicks;

    /// <param name="lifetime">How long an entry stays findable.</param>
    public PostgresRecentAnswerStore(PostgresDatabase database, TimeSpan lifetime, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _database = database;
        _lifetime = lifetime;
        _time = timeProvider;
    }

    public async Task<string> AddAsync(string libraryId, Answer answer, string origin, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(libraryId);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(origin);
        var json = AnswerJson.Serialize(answer);
        return await InsertAsync("""
            INSERT INTO recent_answers (key, library_id, answer, origin, stored_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (key) DO NOTHING;
            """, command =>
        {
            command.Parameters.AddWithValue(libraryId);
            command.Parameters.Add(new NpgsqlParameter { Value = json, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Json });
            command.Parameters.AddWithValue(origin);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoredAnswer?> FindAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!RecentAnswerKeys.IsWellFormed(key)) return null;
        return await _database.RetryTransientAsync(() => FindOnceAsync(key, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private async Task<StoredAnswer?> FindOnceAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT library_id, answer::text, origin, stored_at FROM recent_answers WHERE key = $1 AND stored_at > $2;", connection);
        command.Parameters.AddWithValue(key);
        command.Parameters.AddWithValue(_time.GetUtcNow() - _lifetime);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
        return new StoredAnswer(key, reader.GetString(0), AnswerJson.Deserialize(reader.GetString(1)), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3));
    }

    public async Task<string> AddAliasAsync(string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        return await InsertAsync("""
            INSERT INTO answer_aliases (key, value, stored_at) VALUES ($1, $2, $3)
            ON CONFLICT (key) DO NOTHING;
            """, command => command.Parameters.AddWithValue(value), cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> FindAliasAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!RecentAnswerKeys.IsWellFormed(key)) return null;
        return await _database.RetryTransientAsync(() => FindAliasOnceAsync(key, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private async Task<string?> FindAliasOnceAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT value FROM answer_aliases WHERE key = $1 AND stored_at > $2;", connection);
        command.Parameters.AddWithValue(key);
        command.Parameters.AddWithValue(_time.GetUtcNow() - _lifetime);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <summary>
    /// Inserts a row under a new key (parameter $1; the caller adds the middle ones; the time goes last) and returns the key,
    /// drawing again in the unlikely case it is taken.
    /// </summary>
    private Task<string> InsertAsync(string sql, Action<NpgsqlCommand> addValues, CancellationToken cancellationToken) =>
        // A repeat after a lost reply stores the entry again under another key: the first copy only expires unused.
        _database.RetryTransientAsync(() => InsertOnceAsync(sql, addValues, cancellationToken), cancellationToken);

    private async Task<string> InsertOnceAsync(string sql, Action<NpgsqlCommand> addValues, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await PurgeExpiredAsync(connection, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var key = RecentAnswerKeys.New();
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue(key);
            addValues(command);
            command.Parameters.AddWithValue(PostgresTimestamps.ToStored(_time.GetUtcNow()));
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1) return key;
        }
    }

    private async Task PurgeExpiredAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var next = Interlocked.Read(ref _nextPurgeTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextPurgeTicks, (now + PurgeInterval).UtcTicks, next) != next) return;
        await using var purge = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("DELETE FROM recent_answers WHERE stored_at <= $1;") { Parameters = { new() { Value = now - _lifetime } } },
                new NpgsqlBatchCommand("DELETE FROM answer_aliases WHERE stored_at <= $1;") { Parameters = { new() { Value = now - _lifetime } } },
            },
        };
        await purge.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
