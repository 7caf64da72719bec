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
    public async Task Both_stores_create_their_tables_at_schema_version_1_and_refuse_a_newer_file()
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
        Assert.Equal(SqliteFeedbackStore.SchemaVersion, await ScalarAsync<int>(feedbackPath, "PRAGMA user_version;"));
        Assert.Equal(SqliteQuestionLog.SchemaVersion, await ScalarAsync<int>(logPath, "PRAGMA user_version;"));
        Assert.Equal(1, await ScalarAsync<int>(feedbackPath, "SELECT COUNT(*) FROM feedback_v1;"));
        Assert.Equal(1, await ScalarAsync<int>(logPath, "SELECT COUNT(*) FROM questions_v1;"));

        var future = await FileWithVersionAsync(9);
        using var newerLog = new SqliteQuestionLog(future);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => newerLog.RecentAsync(1));
        Assert.Equal("The question log has schema version 9, newer than this SourceBot understands (1). Upgrade SourceBot or point QuestionLogPath elsewhere.", error.Message);
        using var newerFeedback = new SqliteFeedbackStore(future);
        error = await Assert.ThrowsAsync<InvalidOperationException>(() => newerFeedback.ListAsync());
        Assert.Equal("The feedback database has schema version 9, newer than this SourceBot understands (1). Upgrade SourceBot or point FeedbackDatabasePath elsewhere.", error.Message);
    }
}
