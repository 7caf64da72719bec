using System.Globalization;
using Microsoft.Data.Sqlite;
using SourceBot.Core.Answers;
using SourceBot.Core.Feedback;
using SourceBot.Core.Storage;

namespace SourceBot.Core.QuestionLog;

/// <summary>
/// <see cref="IQuestionLog"/> of one library in a SQLite file, created (with its folder) on first use. The schema version is
/// kept in <c>PRAGMA user_version</c> and the table is named for it (<c>questions_v2</c>), as in <see cref="SqliteFeedbackStore"/>.
/// Several libraries can share a file; a version 1 file (from before libraries) is upgraded with its questions in
/// the default library (<see cref="Libraries.LibraryId.Default"/>).
/// </summary>
public sealed class SqliteQuestionLog : IQuestionLog, IDisposable
{
    /// <summary>The schema this code writes. Version 2: table <c>questions_v2</c>, with a library id on each question.</summary>
    public const int SchemaVersion = 2;
    private const int MaxQuestionLength = 4000;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    /// <summary>The log of the default library (<see cref="Libraries.LibraryId.Default"/>).</summary>
    public SqliteQuestionLog(string databasePath, TimeProvider? timeProvider = null)
        : this(databasePath, Libraries.LibraryId.Default, timeProvider)
    {
    }

    public SqliteQuestionLog(string databasePath, string libraryId, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(libraryId);
        _database = new SqliteDatabase(databasePath, SchemaVersion, CreateScript, Upgrades, "question log", "QuestionLogPath", defaultTimeoutSeconds: 10);
        LibraryId = libraryId;
        _time = timeProvider ?? TimeProvider.System;
    }

    public string DatabasePath => _database.Path;

    public string LibraryId { get; }

    public async Task<long> RecordAsync(Answer answer, string channel, string? userId = null, string? knowledgeHash = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        var question = answer.Question.Length > MaxQuestionLength ? answer.Question[..MaxQuestionLength] : answer.Question;
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO questions_v2 (library_id, asked_at, question, answered, outcome, passage_id, score, channel, user_id, knowledge_hash)
            VALUES ($library, $at, $q, $answered, $outcome, $passage, $score, $channel, $user, $hash);
            SELECT last_insert_rowid();
            """;
        command.Parameters.AddWithValue("$library", LibraryId);
        command.Parameters.AddWithValue("$at", _time.GetUtcNow().ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$q", question);
        command.Parameters.AddWithValue("$answered", answer.Answered ? 1 : 0);
        command.Parameters.AddWithValue("$outcome", answer.Outcome.ToString());
        command.Parameters.AddWithValue("$passage", (object?)answer.PassageId ?? DBNull.Value);
        command.Parameters.AddWithValue("$score", answer.Score);
        command.Parameters.AddWithValue("$channel", channel);
        command.Parameters.AddWithValue("$user", (object?)userId ?? DBNull.Value);
        command.Parameters.AddWithValue("$hash", (object?)knowledgeHash ?? DBNull.Value);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    public async Task<bool> RecordFeedbackAsync(long id, FeedbackVote vote, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(vote)) throw new ArgumentOutOfRangeException(nameof(vote));
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE questions_v2 SET feedback = $vote WHERE id = $id AND library_id = $library;";
        command.Parameters.AddWithValue("$vote", (int)vote);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$library", LibraryId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<bool> RecordFeedbackAsync(string question, string passageId, FeedbackVote vote, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(vote)) throw new ArgumentOutOfRangeException(nameof(vote));
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE questions_v2 SET feedback = $vote
            WHERE id = (SELECT MAX(id) FROM questions_v2 WHERE library_id = $library AND question = $q AND passage_id = $passage);
            """;
        command.Parameters.AddWithValue("$vote", (int)vote);
        command.Parameters.AddWithValue("$library", LibraryId);
        command.Parameters.AddWithValue("$q", question);
        command.Parameters.AddWithValue("$passage", passageId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<IReadOnlyList<LoggedQuestion>> RecentAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM questions_v2 WHERE library_id = $library ORDER BY id DESC LIMIT $limit;";
        command.Parameters.AddWithValue("$library", LibraryId);
        command.Parameters.AddWithValue("$limit", Math.Max(0, limit));
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<LoggedQuestion>> MissesAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM questions_v2
            WHERE library_id = $library AND (outcome = 'NotCovered' OR feedback = -1) AND asked_at >= $since
            ORDER BY id;
            """;
        command.Parameters.AddWithValue("$library", LibraryId);
        command.Parameters.AddWithValue("$since", (since ?? DateTimeOffset.MinValue).ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private const string Columns = "id, asked_at, question, answered, outcome, passage_id, score, channel, user_id, knowledge_hash, feedback";

    private static async Task<IReadOnlyList<LoggedQuestion>> ReadAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var list = new List<LoggedQuestion>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new LoggedQuestion(
                reader.GetInt64(0),
                DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                reader.GetString(2),
                reader.GetInt32(3) != 0,
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetDouble(6),
                reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetInt32(10)));
        }
        return list;
    }

    /// <summary>Creates schema version 2; <see cref="SqliteDatabase"/> sets <c>PRAGMA user_version</c>.</summary>
    private const string CreateScript = """
        CREATE TABLE IF NOT EXISTS questions_v2 (
            id             INTEGER PRIMARY KEY AUTOINCREMENT,
            library_id     TEXT    NOT NULL,
            asked_at       TEXT    NOT NULL,
            question       TEXT    NOT NULL,
            answered       INTEGER NOT NULL,
            outcome        TEXT    NOT NULL,
            passage_id     TEXT,
            score          REAL    NOT NULL,
            channel        TEXT    NOT NULL,
            user_id        TEXT,
            knowledge_hash TEXT,
            feedback       INTEGER CHECK (feedback IN (-1, 1))
        );
        CREATE INDEX IF NOT EXISTS questions_v2_library ON questions_v2 (library_id, id);
        CREATE INDEX IF NOT EXISTS questions_v2_question ON questions_v2 (library_id, question, passage_id);
        """;

    /// <summary>Version 1 had no library: its questions (with their ids, which feedback refers to) go to the default library.</summary>
    private static readonly Dictionary<int, string> Upgrades = new()
    {
        [1] = CreateScript + $"""
            INSERT INTO questions_v2 (id, library_id, asked_at, question, answered, outcome, passage_id, score, channel, user_id, knowledge_hash, feedback)
            SELECT id, '{Libraries.LibraryId.Default}', asked_at, question, answered, outcome, passage_id, score, channel, user_id, knowledge_hash, feedback FROM questions_v1;
            DROP TABLE questions_v1;
            """,
    };

    public void Dispose() => _database.Dispose();
}
