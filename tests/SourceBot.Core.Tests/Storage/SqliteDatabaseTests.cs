using Microsoft.Data.Sqlite;
using SourceBot.Core.Answers;
using SourceBot.Core.Feedback;
using SourceBot.Core.QuestionLog;
using SourceBot.Core.Storage;

namespace SourceBot.Core.Tests.Storage;

/// <summary>The shared SQLite open-and-migrate helper, and the two stores that use it.</summary>
public sealed class SqliteDatabaseTests : IDisposable
{
    private const string Script = "CREATE TABLE IF NOT EXISTS things_v2 (id INTEGER PRIMARY KEY, name TEXT NOT NULL);";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sourcebot-sqlite-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (DirectoryNotFoundException) { }
    }

    private static async Task<T> ScalarAsync<T>(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<string> FileWithVersionAsync(int version)
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, $"v{version}.db");
        await ScalarAsync<long>(path, $"PRAGMA user_version = {version}; SELECT 0;");
        return path;
    }

    [Fact]
    public async Task First_open_creates_folder_file_schema_and_version()
    {
        var path = Path.Combine(_folder, "a", "b", "things.db");
        using var db = new SqliteDatabase(path, 2, Script, "thing store", "ThingPath");

        await using (var connection = await db.OpenAsync())
        {
            Assert.Equal(System.Data.ConnectionState.Open, connection.State);
        }

        Assert.Equal(Path.GetFullPath(path), db.Path);
        Assert.Equal(2, await ScalarAsync<int>(path, "PRAGMA user_version;"));
        Assert.Equal(1, await ScalarAsync<int>(path, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'things_v2';"));
    }

    [Fact]
    public async Task A_file_at_the_version_is_left_as_it_is()
    {
        var path = await FileWithVersionAsync(2);
        using var db = new SqliteDatabase(path, 2, Script, "thing store", "ThingPath");

        await (await db.OpenAsync()).DisposeAsync();

        Assert.Equal(0, await ScalarAsync<int>(path, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'things_v2';"));
    }

    [Fact]
    public async Task A_newer_file_is_refused_naming_the_store_and_its_setting()
    {
        var path = await FileWithVersionAsync(9);
        using var db = new SqliteDatabase(path, 2, Script, "thing store", "ThingPath");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.OpenAsync());

        Assert.Equal("The thing store has schema version 9, newer than this SourceBot understands (2). Upgrade SourceBot or point ThingPath elsewhere.", error.Message);
        Assert.Equal(9, await ScalarAsync<int>(path, "PRAGMA user_version;"));
    }

    [Fact]
    public async Task Concurrent_first_opens_migrate_once_and_all_succeed()
    {
        var path = Path.Combine(_folder, "concurrent.db");
        using var db = new SqliteDatabase(path, 2, Script, "thing store", "ThingPath");

        var connections = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => db.OpenAsync()));
        foreach (var c in connections) await c.DisposeAsync();

        Assert.Equal(2, await ScalarAsync<int>(path, "PRAGMA user_version;"));
    }

    [Fact]
    public async Task An_older_file_gets_the_upgrade_scripts_from_its_version_on_and_keeps_its_rows()
    {
        var path = await FileWithVersionAsync(1);
        await ScalarAsync<long>(path, "CREATE TABLE things_v1 (id INTEGER PRIMARY KEY); INSERT INTO things_v1 VALUES (7); SELECT 0;");
        var upgrades = new Dictionary<int, string>
        {
            [1] = "CREATE TABLE things_v2 (id INTEGER PRIMARY KEY, name TEXT NOT NULL); INSERT INTO things_v2 SELECT id, 'old' FROM things_v1; DROP TABLE things_v1;",
            [2] = "CREATE TABLE things_v3 (id INTEGER PRIMARY KEY, name TEXT NOT NULL, size INTEGER); INSERT INTO things_v3 SELECT id, name, 0 FROM things_v2; DROP TABLE things_v2;",
        };
        using var db = new SqliteDatabase(path, 3, "CREATE TABLE IF NOT EXISTS things_v3 (id INTEGER PRIMARY KEY, name TEXT NOT NULL, size INTEGER);", upgrades, "thing store", "ThingPath");

        await (await db.OpenAsync()).DisposeAsync();

        Assert.Equal(3, await ScalarAsync<int>(path, "PRAGMA user_version;"));
        Assert.Equal("7 old 0", await ScalarAsync<string>(path, "SELECT id || ' ' || name || ' ' || size FROM things_v3;"));
        Assert.Equal(1, await ScalarAsync<int>(path, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'things%';"));
    }

    [Fact]
    public void A_store_missing_an_upgrade_script_is_refused_at_once()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new SqliteDatabase(Path.Combine(_folder, "x.db"), 3, Script, new Dictionary<int, string> { [2] = "" }, "thing store", "ThingPath"));

        Assert.StartsWith("No upgrade script from schema version 1.", error.Message);
    }

    [Fact]
    public async Task Both_stores_create_their_tables_at_schema_version_2_and_refuse_a_newer_file()
    {
        var feedbackPath = Path.Combine(_folder, "fb", "feedback.db");
        using (var feedback = new SqliteFeedbackStore(feedbackPath))
        {
            await feedback.RecordAsync("q", "001#p1", "u", FeedbackVote.Up);
            Assert.Equal(Path.GetFullPath(feedbackPath), feedback.DatabasePath);
        }
        var logPath = Path.Combine(_folder, "log", "questions.db");
        using (var log = new SqliteQuestionLog(logPath))
        {
            await log.RecordAsync(Answer.NoAnswer("q", AnswerOutcome.NotCovered, "no", []), "cli");
        }
        Assert.Equal(2, await ScalarAsync<int>(feedbackPath, "PRAGMA user_version;"));
        Assert.Equal(2, await ScalarAsync<int>(logPath, "PRAGMA user_version;"));
        Assert.Equal("default", await ScalarAsync<string>(feedbackPath, "SELECT library_id FROM feedback_v2;"));
        Assert.Equal("default", await ScalarAsync<string>(logPath, "SELECT library_id FROM questions_v2;"));

        var future = await FileWithVersionAsync(9);
        using var newerLog = new SqliteQuestionLog(future);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => newerLog.RecentAsync(1));
        Assert.Equal("The question log has schema version 9, newer than this SourceBot understands (2). Upgrade SourceBot or point QuestionLogPath elsewhere.", error.Message);
        using var newerFeedback = new SqliteFeedbackStore(future);
        error = await Assert.ThrowsAsync<InvalidOperationException>(() => newerFeedback.ListAsync());
        Assert.Equal("The feedback database has schema version 9, newer than this SourceBot understands (2). Upgrade SourceBot or point FeedbackDatabasePath elsewhere.", error.Message);
    }

    [Fact]
    public async Task A_version_1_question_log_keeps_its_questions_and_their_ids_in_the_default_library()
    {
        var path = await FileWithVersionAsync(1);
        await ScalarAsync<long>(path, """
            CREATE TABLE questions_v1 (
                id INTEGER PRIMARY KEY AUTOINCREMENT, asked_at TEXT NOT NULL, question TEXT NOT NULL, answered INTEGER NOT NULL,
                outcome TEXT NOT NULL, passage_id TEXT, score REAL NOT NULL, channel TEXT NOT NULL, user_id TEXT, knowledge_hash TEXT,
                feedback INTEGER CHECK (feedback IN (-1, 1)));
            INSERT INTO questions_v1 VALUES (41, '2026-01-02T03:04:05.0000000+00:00', 'What is honey?', 1, 'Answered', 'bees#p2', 0.5, 'discord', '7', 'h', NULL);
            SELECT 0;
            """);
        using var log = new SqliteQuestionLog(path);
        using var other = new SqliteQuestionLog(path, "other");

        Assert.True(await log.RecordFeedbackAsync(41, FeedbackVote.Down));
        var entry = Assert.Single(await log.RecentAsync(10));
        Assert.Equal((41L, "What is honey?", "bees#p2", (int?)-1), (entry.Id, entry.Question, entry.PassageId, entry.Feedback));
        Assert.Empty(await other.RecentAsync(10));
        Assert.True(await log.RecordAsync(Answer.NoAnswer("next", AnswerOutcome.NotCovered, "no", []), "cli") > 41);
        Assert.Equal(0, await ScalarAsync<int>(path, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'questions_v1';"));
    }

    [Fact]
    public async Task A_version_1_feedback_file_keeps_its_votes_in_the_default_library()
    {
        var path = await FileWithVersionAsync(1);
        await ScalarAsync<long>(path, """
            CREATE TABLE feedback_v1 (
                id INTEGER PRIMARY KEY AUTOINCREMENT, question TEXT NOT NULL, passage_id TEXT NOT NULL, user_id TEXT NOT NULL,
                vote INTEGER NOT NULL CHECK (vote IN (-1, 1)), recorded_at TEXT NOT NULL, UNIQUE (question, passage_id, user_id));
            INSERT INTO feedback_v1 (question, passage_id, user_id, vote, recorded_at) VALUES ('q', '001#p1', 'u1', 1, '2026-01-02T03:04:05.0000000+00:00');
            SELECT 0;
            """);
        using var store = new SqliteFeedbackStore(path);
        using var other = new SqliteFeedbackStore(path, "other");

        await store.RecordAsync("q", "001#p1", "u1", FeedbackVote.Down);

        var vote = Assert.Single(await store.ListAsync());
        Assert.Equal(("q", "001#p1", "u1", FeedbackVote.Down), (vote.Question, vote.PassageId, vote.UserId, vote.Vote));
        Assert.Empty(await other.ListAsync());
    }
}
