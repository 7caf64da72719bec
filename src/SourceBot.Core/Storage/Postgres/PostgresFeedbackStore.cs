using Npgsql;
using SourceBot.Core.Feedback;

namespace SourceBot.Core.Storage.Postgres;

/// <summary><see cref="IFeedbackStore"/> of one library in PostgreSQL (table <c>feedback</c>), shared by every process.</summary>
public sealed class PostgresFeedbackStore : IFeedbackStore
{
    private const int MaxQuestionLength = 4000;

    private readonly PostgresDatabase _database;
    private readonly TimeProvider _time;

    public PostgresFeedbackStore(PostgresDatabase database, string libraryId, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrWhiteSpace(libraryId);
        _database = database;
        LibraryId = libraryId;
        _time = timeProvider ?? TimeProvider.System;
    }

    public string LibraryId { get; }

    public async Task<FeedbackEntry> RecordAsync(string question, string passageId, string userId, FeedbackVote vote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentException.ThrowIfNullOrWhiteSpace(passageId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        if (!Enum.IsDefined(vote)) throw new ArgumentOutOfRangeException(nameof(vote));
        if (question.Length > MaxQuestionLength) question = question[..MaxQuestionLength];

        var entry = new FeedbackEntry(question, passageId, userId, vote, PostgresTimestamps.ToStored(_time.GetUtcNow()));
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            INSERT INTO feedback (library_id, question, passage_id, user_id, vote, recorded_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (library_id, passage_id, user_id, md5(question))
            DO UPDATE SET vote = excluded.vote, recorded_at = excluded.recorded_at;
            """, connection);
        command.Parameters.AddWithValue(LibraryId);
        command.Parameters.AddWithValue(entry.Question);
        command.Parameters.AddWithValue(entry.PassageId);
        command.Parameters.AddWithValue(entry.UserId);
        command.Parameters.AddWithValue((short)entry.Vote);
        command.Parameters.AddWithValue(entry.RecordedAt);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return entry;
    }

    public async Task<IReadOnlyList<FeedbackEntry>> ListAsync(string? passageId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            SELECT question, passage_id, user_id, vote, recorded_at FROM feedback
            WHERE library_id = $1 AND ($2::text IS NULL OR passage_id = $2)
            ORDER BY id;
            """, connection);
        command.Parameters.AddWithValue(LibraryId);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)passageId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var list = new List<FeedbackEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new FeedbackEntry(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                (FeedbackVote)reader.GetInt16(3),
                reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return list;
    }
}
