using SourceBot.Core.Answers;
using SourceBot.Core.Storage.Postgres;

namespace SourceBot.Core.Tests.Storage.Postgres;

/// <summary>The recent answers contract on PostgreSQL, and what only a shared store does: serve another process.</summary>
[UsesPostgres]
public sealed class PostgresRecentAnswerStoreContractTests(PostgresTestDatabase database) : RecentAnswerStoreContract, IClassFixture<PostgresTestDatabase>
{
    protected override IRecentAnswerStore CreateStore() => new PostgresRecentAnswerStore(database.Database, Lifetime, Time);

    [PostgresFact]
    public async Task An_answer_and_an_alias_stored_by_one_process_are_found_by_another()
    {
        var posting = new PostgresRecentAnswerStore(database.Open(), Lifetime, Time);
        var pressed = new PostgresRecentAnswerStore(database.Open(), Lifetime, Time);

        var key = await posting.AddAsync("bees", FullAnswer(), "origin");
        var alias = await posting.AddAliasAsync("a long passage id");

        Assert.Equal(("bees", "origin"), ((await pressed.FindAsync(key))?.LibraryId, (await pressed.FindAsync(key))?.Origin));
        Assert.Equal("a long passage id", await pressed.FindAliasAsync(alias));
    }

    [PostgresFact]
    public async Task Expired_rows_are_deleted_when_a_new_answer_is_stored()
    {
        var store = CreateStore();
        await store.AddAsync("bees", FullAnswer("old"), "");
        await store.AddAliasAsync("old alias");
        Time.Advance(Lifetime + TimeSpan.FromMinutes(1));

        var fresh = await store.AddAsync("bees", FullAnswer("new"), "");

        var cutoff = Time.GetUtcNow() - Lifetime;
        Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM recent_answers WHERE stored_at <= $1", cutoff));
        Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM answer_aliases WHERE stored_at <= $1", cutoff));
        Assert.Equal(1L, await database.ScalarAsync("SELECT count(*) FROM recent_answers WHERE key = $1", fresh));
    }
}
