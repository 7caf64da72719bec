using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using SourceBot.Core.Feedback;

namespace SourceBot.Discord.Tests;

public sealed class FeedbackStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sb-feedback-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task The_database_and_its_folder_are_created_on_first_use_with_schema_version_2()
    {
        var path = Path.Combine(_folder, "nested", "feedback.db");
        var store = new SqliteFeedbackStore(path);
        Assert.False(File.Exists(path));
        await store.RecordAsync("q", "001#p1", "u1", FeedbackVote.Up);
        Assert.True(File.Exists(path));

        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        Assert.Equal(2L, command.ExecuteScalar());
        command.CommandText = "SELECT group_concat(name, ',') FROM pragma_table_info('feedback_v2');";
        Assert.Equal("id,library_id,question,passage_id,user_id,vote,recorded_at", command.ExecuteScalar());
    }

    [Fact]
    public async Task A_vote_is_stored_with_question_passage_user_and_the_clock_time()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var store = new SqliteFeedbackStore(Path.Combine(_folder, "f.db"), time);
        await store.RecordAsync("When did China accede?", "001#p4", "user-1", FeedbackVote.Down);
        var entry = Assert.Single(await store.ListAsync());
        Assert.Equal(new FeedbackEntry("When did China accede?", "001#p4", "user-1", FeedbackVote.Down, time.GetUtcNow()), entry);
    }

    [Fact]
    public async Task Voting_again_on_the_same_answer_replaces_the_earlier_vote()
    {
        var time = new FakeTimeProvider();
        var store = new SqliteFeedbackStore(Path.Combine(_folder, "f.db"), time);
        await store.RecordAsync("q", "001#p4", "u1", FeedbackVote.Up);
        time.Advance(TimeSpan.FromMinutes(1));
        await store.RecordAsync("q", "001#p4", "u1", FeedbackVote.Down);
        await store.RecordAsync("q", "001#p4", "u2", FeedbackVote.Up);
        var all = await store.ListAsync();
        Assert.Equal(2, all.Count);
        Assert.Equal(FeedbackVote.Down, all.Single(e => e.UserId == "u1").Vote);
        Assert.Equal(time.GetUtcNow(), all.Single(e => e.UserId == "u1").RecordedAt);
    }

    [Fact]
    public async Task Votes_can_be_listed_per_passage_and_survive_a_new_store_instance()
    {
        var path = Path.Combine(_folder, "f.db");
        var store = new SqliteFeedbackStore(path);
        await store.RecordAsync("q", "001#p1", "u1", FeedbackVote.Up);
        await store.RecordAsync("q", "001#p2", "u1", FeedbackVote.Up);
        var reopened = new SqliteFeedbackStore(path);
        Assert.Single(await reopened.ListAsync("001#p2"));
        Assert.Equal(2, (await reopened.ListAsync()).Count);
    }

    [Fact]
    public async Task A_database_from_a_newer_schema_is_refused_rather_than_guessed_at()
    {
        var path = Path.Combine(_folder, "future.db");
        Directory.CreateDirectory(_folder);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 9;";
            command.ExecuteNonQuery();
        }
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new SqliteFeedbackStore(path).RecordAsync("q", "p", "u", FeedbackVote.Up));
        Assert.Contains("schema version 9", error.Message);
    }
}
