using System.Globalization;
using SourceBot.Core.Storage;

namespace SourceBot.Core.Feedback;

/// <summary>
/// <see cref="IFeedbackStore"/> of one library in a SQLite file. The file (and its folder) is created on first use; the schema
/// version is kept in <c>PRAGMA user_version</c> and the table is named for it, so a later schema can migrate rather than guess.
/// Several libraries can share a file; a version 1 file (from before libraries) is upgraded with its votes in
/// the default library (<see cref="Libraries.LibraryId.Default"/>).
/// </summary>
public sealed class SqliteFeedbackStore : IFeedbackStore, IDisposable
{
    /// <summary>The schema this code writes. Version 2: table <c>feedback_v2</c>, with a library id on each vote.</summary>
    public const int SchemaVersion = 2;

    private const int MaxQuestionLength = 4000;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    /// <summary>The votes of the default library (<see cref="Libraries.LibraryId.Default"/>).</summary>
    public SqliteFeedbackStore(string databasePath, TimeProvider? timeProvider = null)
        : this(databasePath, Libraries.LibraryId.Default, timeProvider)
    {
    }

    public SqliteFeedbackStore(string databasePath, string libraryId, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(libraryId);
        _database = new SqliteDatabase(databasePath, SchemaVersion, CreateScript, Upgrades, "feedback database", "FeedbackDatabasePath");
        LibraryId = libraryId;
        _time = timeProvider ?? TimeProvider.System;
    }

    public string DatabasePath => _database.Path;

    public string LibraryId { get; }

    public async Task<FeedbackEntry> RecordAsync(string question, string passageId, string userId, FeedbackVote vote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentException.ThrowIfNullOrWhiteSpace(passageId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        if (!Enum.IsDefined(vote)) throw new ArgumentOutOfRangeException(nameof(vote));
        if (question.Length > MaxQuestionLength) question = question[..MaxQuestionLength];

        var entry = new FeedbackEntry(question, passageId, userId, vote, _time.GetUtcNow());
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO feedback_v2 (library_id, question, passage_id, user_id, vote, recorded_at)
            VALUES ($library, $question, $passage, $user, $vote, $at)
            ON CONFLICT (library_id, question, passage_id, user_id) DO UPDATE SET vote = excluded.vote, recorded_at = excluded.recorded_at;
            """;
        command.Parameters.AddWithValue("$library", LibraryId);
        command.Parameters.AddWithValue("$question", entry.Question);
        command.Parameters.AddWithValue("$passage", entry.PassageId);
        command.Parameters.AddWithValue("$user", entry.UserId);
        command.Parameters.AddWithValue("$vote", (int)entry.Vote);
        command.Parameters.AddWithValue("$at", entry.RecordedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return entry;
    }

    public async Task<IReadOnlyList<FeedbackEntry>> ListAsync(string? passageId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = passageId is null
            ? "SELECT question, passage_id, user_id, vote, recorded_at FROM feedback_v2 WHERE library_id = $library ORDER BY id"
            : "SELECT question, passage_id, user_id, vote, recorded_at FROM feedback_v2 WHERE library_id = $library AND passage_id = $passage ORDER BY id";
        command.Parameters.AddWithValue("$library", LibraryId);
        if (passageId is not null) command.Parameters.AddWithValue("$passage", passageId);
        var list = new List<FeedbackEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new FeedbackEntry(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                (FeedbackVote)reader.GetInt32(3),
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)));
        }
        return list;
    }

    /// <summary>Creates schema version 2; <see cref="SqliteDatabase"/> sets <c>PRAGMA user_version</c>.</summary>
    private const string CreateScript = """
        CREATE TABLE IF NOT EXISTS feedback_v2 (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            library_id  TEXT    NOT NULL,
            question    TEXT    NOT NULL,
            passage_id  TEXT    NOT NULL,
            user_id     TEXT    NOT NULL,
            vote        INTEGER NOT NULL CHECK (vote IN (-1, 1)),
            recorded_at TEXT    NOT NULL,
            UNIQUE (library_id, question, passage_id, user_id)
        );
        CREATE INDEX IF NOT EXISTS feedback_v2_passage ON feedback_v2 (library_id, passage_id);
        """;

    /// <summary>Version 1 had no library: its votes go to the default library, in their order.</summary>
    private static readonly Dictionary<int, string> Upgrades = new()
    {
        [1] = CreateScript + $"""
            INSERT INTO feedback_v2 (id, library_id, question, passage_id, user_id, vote, recorded_at)
            SELECT id, '{Libraries.LibraryId.Default}', question, passage_id, user_id, vote, recorded_at FROM feedback_v1;
            DROP TABLE feedback_v1;
            """,
    };

    public void Dispose() => _database.Dispose();
}
