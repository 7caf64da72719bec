using SourceBot.Core.Storage.Postgres;

namespace SourceBot.Core.Tests.Storage.Postgres;

/// <summary>A named lock across processes that tells the loser who holds it and dies with its holder's session.</summary>
public sealed class PostgresAdvisoryLockTests(PostgresTestDatabase server) : IClassFixture<PostgresTestDatabase>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-23T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static string NewName() => "publish/" + Guid.NewGuid().ToString("N");

    [Fact]
    public void A_name_always_gives_the_same_key_and_different_names_different_keys()
    {
        Assert.Equal(PostgresAdvisoryLock.KeyOf("publish/default"), PostgresAdvisoryLock.KeyOf("publish/default"));
        Assert.NotEqual(PostgresAdvisoryLock.KeyOf("publish/default"), PostgresAdvisoryLock.KeyOf("publish/other"));
    }

    [PostgresFact]
    public async Task The_lock_is_exclusive_and_the_loser_is_told_who_holds_it_since_when()
    {
        var name = NewName();
        var (held, _) = await PostgresAdvisoryLock.TryAcquireAsync(server.Open(), name, "alice", Now);
        await using var _ = held;

        var (lost, heldBy) = await PostgresAdvisoryLock.TryAcquireAsync(server.Open(), name, "bob", Now);

        Assert.NotNull(held);
        Assert.Null(lost);
        Assert.Equal("alice since 2026-11-23 10:00:00Z", heldBy);
    }

    [PostgresFact]
    public async Task Other_names_are_not_blocked()
    {
        var (held, _) = await PostgresAdvisoryLock.TryAcquireAsync(server.Open(), NewName(), "alice", Now);
        await using var _ = held;

        var (other, _) = await PostgresAdvisoryLock.TryAcquireAsync(server.Open(), NewName(), "bob", Now);
        await using var __ = other;

        Assert.NotNull(other);
    }

    [PostgresFact]
    public async Task A_released_lock_can_be_taken_by_another_process_which_is_then_named_as_holder()
    {
        var name = NewName();
        var (alice, _) = await PostgresAdvisoryLock.TryAcquireAsync(server.Open(), name, "alice", Now);
        await alice!.DisposeAsync();

        var (bob, _) = await PostgresAdvisoryLock.TryAcquireAsync(server.Open(), name, "bob", Now.AddMinutes(1));
        await using var _ = bob;
        var (_, heldBy) = await PostgresAdvisoryLock.TryAcquireAsync(server.Open(), name, "carol", Now);

        Assert.NotNull(bob);
        Assert.Equal("bob since 2026-11-23 10:01:00Z", heldBy);
    }

    [PostgresFact]
    public async Task A_lock_whose_holder_lost_its_session_is_free_again()
    {
        var name = NewName();
        var key = PostgresAdvisoryLock.KeyOf(name);
        var (alice, _) = await PostgresAdvisoryLock.TryAcquireAsync(server.Open(), name, "alice", Now);

        // The server ends alice's session, as when her process dies: PostgreSQL drops the session's advisory locks.
        Assert.Equal(true, await server.ScalarAsync(
            "SELECT bool_and(pg_terminate_backend(pid, 10000)) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND objsubid = 1",
            (long)(uint)(key >> 32), (long)(uint)key));
        var (bob, _) = await PostgresAdvisoryLock.TryAcquireAsync(server.Open(), name, "bob", Now);
        await using var _ = bob;

        Assert.NotNull(bob);
        await alice!.DisposeAsync(); // releasing a lock already lost is quiet
    }
}
