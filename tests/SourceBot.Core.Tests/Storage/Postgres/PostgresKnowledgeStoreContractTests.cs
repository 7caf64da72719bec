using SourceBot.Core.Storage;
using SourceBot.Core.Storage.Postgres;

namespace SourceBot.Core.Tests.Storage.Postgres;

/// <summary>The knowledge store contract on PostgreSQL, and what only a shared store does.</summary>
[UsesPostgres]
public sealed class PostgresKnowledgeStoreContractTests(PostgresTestDatabase database) : KnowledgeStoreContract, IClassFixture<PostgresTestDatabase>, IDisposable
{
    // A guard so a missing notification fails the test instead of hanging it; no assertion depends on it.
    private readonly CancellationTokenSource _guard = new(TimeSpan.FromMinutes(2));

    public void Dispose() => _guard.Dispose();

    // Lock waits run on the real clock, as they do between processes.
    protected override IKnowledgeStore CreateStore(string libraryId) => new PostgresKnowledgeStore(database.Database, libraryId);

    private static string NewLibrary() => "lib-" + Guid.NewGuid().ToString("N")[..20];

    [PostgresFact]
    public async Task A_new_version_is_announced_to_listening_processes_when_it_commits()
    {
        var library = NewLibrary();
        await using var notifications = new PostgresNotifications(database.Open(), TimeProvider.System);
        await using var events = notifications.ListenAsync(PostgresKnowledgeStore.VersionsChannel, _guard.Token).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync()); // listening

        await new PostgresKnowledgeStore(database.Open(), library).CreateVersionAsync(
            new(1, DateTimeOffset.UnixEpoch, "42", "ann", "publish", null, "h"), Files(("alpha.md", "one")));

        Assert.True(await events.MoveNextAsync());
        Assert.Equal((PostgresNotificationKind.Notification, library), (events.Current.Kind, events.Current.Payload));
    }

    [PostgresFact]
    public async Task The_bundled_knowledge_is_imported_into_a_missing_draft_once()
    {
        var store = new PostgresKnowledgeStore(database.Database, NewLibrary());

        Assert.True(await store.ImportDraftIfAbsentAsync(Files(("alpha.md", "bundled"))));
        await store.WriteDraftFileAsync("alpha.md", "edited");
        Assert.False(await store.ImportDraftIfAbsentAsync(Files(("alpha.md", "bundled again"))));

        Assert.Equal("edited", (await store.ReadDraftAsync()).Get("alpha.md"));
    }

    [PostgresFact]
    public async Task Replacing_the_draft_keeps_the_one_it_replaced_as_a_backup()
    {
        var library = NewLibrary();
        var store = new PostgresKnowledgeStore(database.Database, library);
        await store.WriteDraftFileAsync("alpha.md", "before");

        await store.ReplaceDraftAsync(Files(("alpha.md", "after")));

        Assert.Equal("{\"alpha.md\":\"before\"}", ((string)(await database.ScalarAsync("SELECT files::text FROM draft_backups WHERE library_id = $1", library))!).Replace(" ", ""));
    }

    [Fact]
    public async Task A_database_that_cannot_be_reached_is_a_store_failure()
    {
        await using var unreachable = new PostgresDatabase("Host=127.0.0.1;Port=1;Username=nobody;Timeout=5");
        var store = new PostgresKnowledgeStore(unreachable, "biology");

        var error = await Assert.ThrowsAsync<KnowledgeStoreException>(() => store.ReadDraftAsync());

        Assert.StartsWith("Could not read the draft of library 'biology' in PostgreSQL: ", error.Message);
    }
}
