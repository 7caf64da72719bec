using System.Collections.Immutable;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SourceBot.Core.Moderation;
using SourceBot.Core.Storage;

namespace SourceBot.Core.Tests.Storage;

/// <summary>What every <see cref="IKnowledgeStore"/> does, whatever keeps the knowledge. Each test uses libraries of its own.</summary>
public abstract class KnowledgeStoreContract
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));

    /// <summary>The store of a library that has no draft, versions or history yet.</summary>
    protected abstract IKnowledgeStore CreateStore(string libraryId);

    private IKnowledgeStore NewStore() => CreateStore("lib-" + Guid.NewGuid().ToString("N")[..20]);

    protected static KnowledgeFiles Files(params (string Name, string Text)[] files) =>
        new(files.ToImmutableSortedDictionary(f => f.Name, f => f.Text, StringComparer.Ordinal));

    private VersionManifest Manifest(int version) =>
        new(version, Time.GetUtcNow(), "42", "ann", $"publish {version}", "because", "hash-" + version);

    private static void AssertSameFiles(KnowledgeFiles expected, KnowledgeFiles actual) => Assert.Equal(expected.Files, actual.Files);

    [StoreContractFact]
    public async Task A_new_library_has_no_draft_no_versions_and_no_history()
    {
        var store = NewStore();

        Assert.False(await store.DraftExistsAsync());
        Assert.Equal(0, (await store.ReadDraftAsync()).Count);
        Assert.Empty(await store.ListVersionsAsync());
        Assert.Empty(await store.ReadHistoryAsync());
    }

    [StoreContractFact]
    public async Task Draft_files_are_written_overwritten_and_removed_one_at_a_time()
    {
        var store = NewStore();

        await store.WriteDraftFileAsync("alpha.md", "A1");
        await store.WriteDraftFileAsync("beta.md", "B");
        await store.WriteDraftFileAsync("taught.jsonl", "{}\n");
        await store.WriteDraftFileAsync("alpha.md", "A2 “unicode” ✓");
        await store.WriteDraftFileAsync("beta.md", null);

        Assert.True(await store.DraftExistsAsync());
        AssertSameFiles(Files(("alpha.md", "A2 “unicode” ✓"), ("taught.jsonl", "{}\n")), await store.ReadDraftAsync());
    }

    [StoreContractFact]
    public async Task A_name_that_is_not_a_knowledge_file_is_refused()
    {
        var store = NewStore();

        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteDraftFileAsync("../escape.md", "x"));
        Assert.Equal(0, (await store.ReadDraftAsync()).Count);
    }

    [StoreContractFact]
    public async Task Replacing_the_draft_leaves_exactly_the_new_files()
    {
        var store = NewStore();
        await store.WriteDraftFileAsync("alpha.md", "old");
        await store.WriteDraftFileAsync("beta.md", "gone");

        await store.ReplaceDraftAsync(Files(("alpha.md", "new"), ("gamma.md", "added")));

        AssertSameFiles(Files(("alpha.md", "new"), ("gamma.md", "added")), await store.ReadDraftAsync());
    }

    [StoreContractFact]
    public async Task Versions_keep_their_files_and_manifests_and_are_listed_oldest_first()
    {
        var store = NewStore();
        var first = Files(("alpha.md", "one"), ("taught.jsonl", ""));
        var second = Files(("alpha.md", "two"));

        await store.CreateVersionAsync(Manifest(1), first);
        Time.Advance(TimeSpan.FromMinutes(1));
        await store.CreateVersionAsync(Manifest(2) with { RolledBackTo = 1 }, second);

        Assert.Equal([Manifest(1) with { At = Time.GetUtcNow() - TimeSpan.FromMinutes(1) }, Manifest(2) with { RolledBackTo = 1 }], (await store.ListVersionsAsync()).ToArray());
        AssertSameFiles(first, await store.ReadVersionAsync(1));
        AssertSameFiles(second, await store.ReadVersionAsync(2));
    }

    [StoreContractFact]
    public async Task A_version_number_is_stored_once_and_a_second_try_is_a_store_failure()
    {
        var store = NewStore();
        await store.CreateVersionAsync(Manifest(1), Files(("alpha.md", "first")));

        var error = await Record.ExceptionAsync(() => store.CreateVersionAsync(Manifest(1), Files(("alpha.md", "second"))));

        Assert.True(error is not null && StoreFailure.Is(error), $"expected a store failure, got {error}");
        AssertSameFiles(Files(("alpha.md", "first")), await store.ReadVersionAsync(1));
    }

    [StoreContractFact]
    public async Task A_withdrawn_version_no_longer_counts()
    {
        var store = NewStore();
        await store.CreateVersionAsync(Manifest(1), Files(("alpha.md", "one")));
        await store.CreateVersionAsync(Manifest(2), Files(("alpha.md", "two")));

        await store.WithdrawVersionAsync(2);

        Assert.Equal([1], (await store.ListVersionsAsync()).Select(v => v.Version));
        var error = await Record.ExceptionAsync(() => store.ReadVersionAsync(2));
        Assert.True(error is not null && StoreFailure.Is(error), $"expected a store failure, got {error}");
    }

    [StoreContractFact]
    public async Task History_entries_are_numbered_one_after_the_last_and_read_back_in_order()
    {
        var store = NewStore();
        var change = new ChangeRecord(0, Time.GetUtcNow(), "42", "ann", ChangeKind.EditPassage, "alpha#p1", "edited", "typo", null, null);

        var first = await store.AppendHistoryAsync(change);
        var second = await store.AppendHistoryAsync(change with { Sequence = 99, Kind = ChangeKind.Publish, Version = 1, KnowledgeHash = "h1" });

        Assert.Equal((1, 2), (first.Sequence, second.Sequence));
        Assert.Equal([change with { Sequence = 1 }, change with { Sequence = 2, Kind = ChangeKind.Publish, Version = 1, KnowledgeHash = "h1" }], (await store.ReadHistoryAsync()).ToArray());
    }

    [StoreContractFact]
    public async Task A_held_lock_refuses_another_taker_and_names_its_holder()
    {
        var store = NewStore();
        await using var held = await store.LockAsync(StoreLockKind.Publish, "ann (publish)", TimeSpan.Zero);

        await using var refused = await store.LockAsync(StoreLockKind.Publish, "bob (publish)", TimeSpan.Zero);

        Assert.True(held.Held);
        Assert.False(refused.Held);
        Assert.StartsWith("ann (publish) since ", refused.HeldBy);
    }

    [StoreContractFact]
    public async Task The_edit_and_publish_locks_are_separate_and_a_released_lock_can_be_taken_again()
    {
        var store = NewStore();
        var edit = await store.LockAsync(StoreLockKind.Edit, "ann", TimeSpan.Zero);
        await using (var publish = await store.LockAsync(StoreLockKind.Publish, "bob (publish)", TimeSpan.Zero)) Assert.True(publish.Held);

        await edit.DisposeAsync();
        await using var again = await store.LockAsync(StoreLockKind.Edit, "carol", TimeSpan.Zero);

        Assert.True(again.Held);
    }

    [StoreContractFact]
    public async Task A_waiting_taker_gets_the_lock_once_its_holder_releases_it()
    {
        var store = NewStore();
        var held = await store.LockAsync(StoreLockKind.Edit, "ann", TimeSpan.Zero);

        var waiting = store.LockAsync(StoreLockKind.Edit, "bob", TimeSpan.FromMinutes(5));
        Assert.False(waiting.IsCompleted);
        await held.DisposeAsync();

        await using var taken = await waiting;
        Assert.True(taken.Held);
    }

    [StoreContractFact]
    public async Task Recovery_records_a_stored_version_that_history_does_not_mention_once()
    {
        var store = NewStore();
        await store.CreateVersionAsync(Manifest(1), Files(("alpha.md", "one")));

        await store.RecoverAsync(NullLogger.Instance, Time);
        await store.RecoverAsync(NullLogger.Instance, Time);

        var entry = Assert.Single(await store.ReadHistoryAsync());
        Assert.Equal((ChangeKind.Recovered, (int?)1, "ann", "hash-1"), (entry.Kind, entry.Version, entry.ByName, entry.KnowledgeHash));
    }

    [StoreContractFact]
    public async Task Recovery_leaves_everything_alone_while_a_publish_holds_the_lock()
    {
        var store = NewStore();
        await store.CreateVersionAsync(Manifest(1), Files(("alpha.md", "one")));
        await using var publishing = await store.LockAsync(StoreLockKind.Publish, "ann (publish)", TimeSpan.Zero);

        await store.RecoverAsync(NullLogger.Instance, Time);

        Assert.Empty(await store.ReadHistoryAsync());
    }
}
