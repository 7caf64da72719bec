using Npgsql;
using SourceBot.Core.Answers;
using SourceBot.Core.Feedback;
using SourceBot.Core.QuestionLog;

namespace SourceBot.Core.Storage.Postgres;

/// <summary><see cref="IQuestionLog"/> of one library in PostgreSQL (table <c>question_log</c>), shared by every process.</summary>
public sealed class PostgresQuestionLog : IQuestionLog
{
    private const int MaxQuestionLength = 4000;
    private const string Columns = "id, asked_at, question, answered, outcome, passage_id, score, channel, user_id, knowledge_hash, feedback";

    private readonly PostgresDatabase _database;
    private readonly TimeProvider _time;

    public PostgresQuestionLog(PostgresDatabase database, string libraryId, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrWhiteSpace(libraryId);
        _database = database;
        LibraryId = libraryId;
        _time = timeProvider ?? TimeProvider.System;
    }

    public string LibraryId { get; }

    public async Task<long> RecordAsync(Answer answer, string channel, string? userId = null, string? knowledgeHash = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        var question = answer.Question.Length > MaxQuestionLength ? answer.Question[..MaxQuestionLength] : answer.Question;
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            INSERT INTO question_log (library_id, asked_at, question, answered, outcome, passage_id, score, channel, user_id, knowledge_hash)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            RETURNING id;
            """, connection);
        command.Parameters.AddWithValue(LibraryId);
        command.Parameters.AddWithValue(PostgresTimestamps.ToStored(_time.GetUtcNow()));
        command.Parameters.AddWithValue(question);
        command.Parameters.AddWithValue(answer.Answered);
        command.Parameters.AddWithValue(answer.Outcome.ToString());
        command.Parameters.Add(Text(answer.PassageId));
        command.Parameters.AddWithValue(answer.Score);
        command.Parameters.AddWithValue(channel);
        command.Parameters.Add(Text(userId));
        command.Parameters.Add(Text(knowledgeHash));
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<bool> RecordFeedbackAsync(long id, FeedbackVote vote, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(vote)) throw new ArgumentOutOfRangeException(nameof(vote));
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("UPDATE question_log SET feedback = $1 WHERE id = $2 AND library_id = $3;", connection);
        command.Parameters.AddWithValue((short)vote);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(LibraryId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<bool> RecordFeedbackAsync(string question, string passageId, FeedbackVote vote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(passageId);
        if (!Enum.IsDefined(vote)) throw new ArgumentOutOfRangeException(nameof(vote));
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("""
            UPDATE question_log SET feedback = $1
            WHERE id = (SELECT max(id) FROM question_log
                        WHERE library_id = $2 AND passage_id = $3 AND md5(question) = md5($4) AND question = $4);
            """, connection);
        command.Parameters.AddWithValue((short)vote);
        command.Parameters.AddWithValue(LibraryId);
        command.Parameters.AddWithValue(passageId);
        command.Parameters.AddWithValue(question);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<IReadOnlyList<LoggedQuestion>> RecentAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM question_log WHERE library_id = $1 ORDER BY id DESC LIMIT $2;", connection);
        command.Parameters.AddWithValue(LibraryId);
        command.Parameters.AddWithValue((long)Math.Max(0, limit));
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<LoggedQuestion>> MissesAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"""
            SELECT {Columns} FROM question_log
            WHERE library_id = $1 AND (outcome = 'NotCovered' OR feedback = -1) AND ($2::timestamptz IS NULL OR asked_at >= $2)
            ORDER BY id;
            """, connection);
        command.Parameters.AddWithValue(LibraryId);
        command.Parameters.Add(new NpgsqlParameter { Value = since is { } s ? s.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };

    private static async Task<IReadOnlyList<LoggedQuestion>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var list = new List<LoggedQuestion>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new LoggedQuestion(
                reader.GetInt64(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.GetString(2),
                reader.GetBoolean(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetDouble(6),
                reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetInt16(10)));
        }
        return list;
    }
}
