using SourceBot.Core.Storage.Postgres;

namespace SourceBot.Core.Tests.Storage.Postgres;

/// <summary>LISTEN/NOTIFY between processes, and a listener that outlives its connection.</summary>
public sealed class PostgresNotificationsTests(PostgresTestDatabase server) : IClassFixture<PostgresTestDatabase>, IDisposable
{
    // A guard so a broken listener fails the test instead of hanging it; no assertion depends on it.
    private readonly CancellationTokenSource _guard = new(TimeSpan.FromMinutes(2));

    public void Dispose() => _guard.Dispose();

    private PostgresNotifications Notifications() => new(server.Open(), TimeProvider.System, firstRetry: TimeSpan.FromMilliseconds(50));

    private async Task<PostgresNotification> NextAsync(IAsyncEnumerator<PostgresNotification> events)
    {
        Assert.True(await events.MoveNextAsync());
        return events.Current;
    }

    [PostgresFact]
    public async Task A_notification_reaches_a_listener_in_another_process_with_its_payload()
    {
        await using var listener = Notifications();
        await using var sender = Notifications();
        await using var events = listener.ListenAsync("published", _guard.Token).GetAsyncEnumerator();
        Assert.Equal(PostgresNotificationKind.Listening, (await NextAsync(events)).Kind);

        await sender.NotifyAsync("published", "default v12");

        Assert.Equal(new PostgresNotification(PostgresNotificationKind.Notification, "published", "default v12"), await NextAsync(events));
    }

    [PostgresFact]
    public async Task A_listener_gets_only_its_own_channel()
    {
        await using var notifications = Notifications();
        await using var events = notifications.ListenAsync("Published", _guard.Token).GetAsyncEnumerator();
        await NextAsync(events);

        await notifications.NotifyAsync("published", "lower case is another channel");
        await notifications.NotifyAsync("Published", "mine");

        Assert.Equal("mine", (await NextAsync(events)).Payload);
    }

    [PostgresFact]
    public async Task After_losing_its_connection_a_listener_says_so_listens_again_and_gets_later_notifications()
    {
        await using var notifications = Notifications();
        await using var events = notifications.ListenAsync("published", _guard.Token).GetAsyncEnumerator();
        await NextAsync(events);

        // What a server restart does to the listening session: the server ends it.
        Assert.Equal(true, await server.ScalarAsync(
            "SELECT bool_and(pg_terminate_backend(pid, 10000)) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1",
            PostgresNotifications.ListenerApplicationName));

        Assert.Equal(PostgresNotificationKind.Listening, (await NextAsync(events)).Kind);
        await notifications.NotifyAsync("published", "after the restart");
        Assert.Equal("after the restart", (await NextAsync(events)).Payload);
    }

    [Fact]
    public async Task A_payload_of_8000_bytes_or_more_is_refused_before_anything_is_sent()
    {
        await using var database = new PostgresDatabase("Host=127.0.0.1;Port=1;Username=nobody");
        await using var notifications = new PostgresNotifications(database, TimeProvider.System);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => notifications.NotifyAsync("published", new string('é', 4000)));

        Assert.StartsWith("A notification payload must be shorter than 8000 bytes", error.Message);
    }
}
