using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace SourceBot.Core.Storage.Postgres;

/// <summary>
/// PostgreSQL LISTEN/NOTIFY between SourceBot's processes (e.g. "version 12 of library X is published"). Each
/// <see cref="ListenAsync"/> subscription keeps its own dedicated, unpooled connection; when that connection is lost (the
/// server restarted, the backend was terminated, the network dropped) it reconnects with exponential backoff, listens again
/// and yields <see cref="PostgresNotificationKind.Listening"/>, so the subscriber can catch up on what it missed.
/// </summary>
public sealed class PostgresNotifications : IAsyncDisposable
{
    /// <summary>PostgreSQL's limit on a NOTIFY payload, in bytes (it must be shorter).</summary>
    public const int MaxPayloadBytes = 8000;

    /// <summary>The application_name of listening connections when the connection string names none.</summary>
    internal const string ListenerApplicationName = "sourcebot listener";

    private const int MaxChannelBytes = 63;

    private readonly PostgresDatabase _database;
    private readonly NpgsqlDataSource _listeners;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _firstRetry;
    private readonly TimeSpan _maxRetry;

    /// <param name="firstRetry">The wait before the first reconnect attempt (1 s by default); it doubles up to <paramref name="maxRetry"/> (30 s).</param>
    public PostgresNotifications(PostgresDatabase database, TimeProvider timeProvider, ILogger<PostgresNotifications>? logger = null,
        TimeSpan? firstRetry = null, TimeSpan? maxRetry = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _database = database;
        _time = timeProvider;
        _logger = logger ?? NullLogger<PostgresNotifications>.Instance;
        _firstRetry = firstRetry ?? TimeSpan.FromSeconds(1);
        _maxRetry = maxRetry ?? TimeSpan.FromSeconds(30);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_firstRetry, TimeSpan.Zero, nameof(firstRetry));
        ArgumentOutOfRangeException.ThrowIfLessThan(_maxRetry, _firstRetry, nameof(maxRetry));

        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            // A listener sits idle for hours: no pool to go stale in, and keepalives so a silently dead link is noticed.
            Pooling = false,
            KeepAlive = 15,
        };
        if (string.IsNullOrEmpty(builder.ApplicationName)) builder.ApplicationName = ListenerApplicationName;
        _listeners = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>Sends <paramref name="payload"/> to every process listening on <paramref name="channel"/> (on commit, if in a transaction).</summary>
    public async Task NotifyAsync(string channel, string payload, CancellationToken cancellationToken = default)
    {
        CheckChannel(channel);
        ArgumentNullException.ThrowIfNull(payload);
        if (Encoding.UTF8.GetByteCount(payload) >= MaxPayloadBytes)
            throw new ArgumentException($"A notification payload must be shorter than {MaxPayloadBytes} bytes; send a key and keep the data in a table.", nameof(payload));
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT pg_notify($1, $2);", connection);
        command.Parameters.AddWithValue(channel);
        command.Parameters.AddWithValue(payload);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Listens on <paramref name="channel"/> until cancelled: yields <see cref="PostgresNotificationKind.Listening"/> once
    /// listening (and after each reconnect), then each notification in the order the server sent them.
    /// </summary>
    public async IAsyncEnumerable<PostgresNotification> ListenAsync(string channel, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        CheckChannel(channel);
        // Unbounded: notifications are small and rare (publishes), and dropping one would leave a process on an old version.
        var events = Channel.CreateUnbounded<PostgresNotification>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pump = PumpAsync(channel, events.Writer, stop.Token);
        try
        {
            await foreach (var item in events.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false)) yield return item;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task PumpAsync(string channel, ChannelWriter<PostgresNotification> events, CancellationToken cancellationToken)
    {
        var retry = _firstRetry;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await using var connection = await _listeners.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                    connection.Notification += (_, e) => events.TryWrite(new PostgresNotification(PostgresNotificationKind.Notification, e.Channel, e.Payload));
                    await using (var listen = new NpgsqlCommand("LISTEN " + QuoteIdentifier(channel) + ";", connection))
                    {
                        await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                    retry = _firstRetry;
                    _logger.LogInformation("Listening for PostgreSQL notifications on {Channel}", channel);
                    events.TryWrite(new PostgresNotification(PostgresNotificationKind.Listening, channel, ""));
                    while (true) await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    _logger.LogWarning(e, "Lost the PostgreSQL listening connection for {Channel}; reconnecting in {Retry}", channel, retry);
                    await Task.Delay(retry, _time, cancellationToken).ConfigureAwait(false);
                    retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, _maxRetry.Ticks));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            events.TryComplete();
        }
    }

    private static void CheckChannel(string channel)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        if (Encoding.UTF8.GetByteCount(channel) > MaxChannelBytes || channel.Contains('\0'))
            throw new ArgumentException($"A notification channel is a name of at most {MaxChannelBytes} bytes.", nameof(channel));
    }

    /// <summary>LISTEN takes an identifier, not a parameter: quoted, so the name is used exactly as pg_notify receives it.</summary>
    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public ValueTask DisposeAsync() => _listeners.DisposeAsync();
}
