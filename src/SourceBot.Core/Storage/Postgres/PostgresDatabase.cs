using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace SourceBot.Core.Storage.Postgres;

/// <summary>
/// A PostgreSQL database shared by SourceBot's processes: a pooled <see cref="NpgsqlDataSource"/> and the schema, brought to
/// the version this code writes by versioned migrations (<c>Migrations/0001_*.sql</c> …) recorded in <c>schema_migrations</c>.
/// Each migration runs in its own transaction under a transaction-level advisory lock, so processes starting together apply
/// each one once; a database migrated by newer code is refused rather than guessed at. The first <see cref="OpenAsync"/>
/// migrates; <see cref="MigrateAsync"/> does it up front (at host start).
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    /// <summary>The advisory lock every migration transaction takes.</summary>
    internal const string MigrationLockName = "schema_migrations";

    private readonly IReadOnlyList<PostgresMigration> _migrations;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _migrateLock = new(1, 1);
    private volatile bool _migrated;

    /// <param name="connectionString">An Npgsql connection string ("Host=…;Database=…;Username=…;Password=…").</param>
    public PostgresDatabase(string connectionString, ILoggerFactory? loggerFactory = null)
        : this(connectionString, PostgresMigration.Bundled, loggerFactory)
    {
    }

    internal PostgresDatabase(string connectionString, IReadOnlyList<PostgresMigration> migrations, ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ConnectionString = connectionString;
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (loggerFactory is not null) builder.UseLoggerFactory(loggerFactory);
        DataSource = builder.Build();
        _migrations = migrations;
        _logger = loggerFactory?.CreateLogger<PostgresDatabase>() ?? NullLogger<PostgresDatabase>.Instance;
    }

    /// <summary>The pooled connections. Prefer <see cref="OpenAsync"/>, which migrates first.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>The connection string, for the dedicated, unpooled connections of <see cref="PostgresNotifications"/>.</summary>
    internal string ConnectionString { get; }

    /// <summary>The schema version this code writes: the number of the last bundled migration.</summary>
    public int SchemaVersion => _migrations.Count == 0 ? 0 : _migrations[^1].Version;

    /// <summary>An open pooled connection; the first call brings the schema up to date.</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        return await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="operation"/> (which opens its own connection), again after a short pause while it fails with an
    /// error Npgsql calls transient (the server restarting, a dropped connection, a refused connect), for up to
    /// <see cref="TransientRetryWindow"/>: a database restart then costs a question a few seconds, not its answer. Only for
    /// operations that may run twice (reads, and writes whose repeat does no harm).
    /// </summary>
    public async Task<T> RetryTransientAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken = default)
    {
        var started = Environment.TickCount64;
        var pause = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                return await operation().ConfigureAwait(false);
            }
            catch (NpgsqlException e) when (e.IsTransient && Environment.TickCount64 - started < (long)TransientRetryWindow.TotalMilliseconds)
            {
                _logger.LogInformation("PostgreSQL is unavailable ({Reason}); trying again in {Pause}", e.Message, pause);
                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }

    /// <summary>How long <see cref="RetryTransientAsync{T}"/> keeps trying: longer than a server restart, shorter than Discord's 15 minutes for an answer.</summary>
    public static readonly TimeSpan TransientRetryWindow = TimeSpan.FromSeconds(30);

    /// <summary>Applies the migrations the database lacks (once per instance; later calls return at once).</summary>
    /// <exception cref="InvalidOperationException">The database was migrated by newer code, or its history differs from this code's.</exception>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (_migrated) return;
        await _migrateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_migrated) return;
            await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await InLockedTransactionAsync(connection, async transaction =>
            {
                await ExecuteAsync(connection, transaction, """
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version    integer     PRIMARY KEY,
                        name       text        NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    );
                    """, cancellationToken).ConfigureAwait(false);
                await CheckAppliedAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);

            foreach (var migration in _migrations)
            {
                await InLockedTransactionAsync(connection, async transaction =>
                {
                    // Another process may have applied it between our transactions; the lock makes this check final.
                    var applied = await CheckAppliedAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                    if (applied.ContainsKey(migration.Version)) return;
                    await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
                    await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES ($1, $2);", connection, transaction);
                    record.Parameters.AddWithValue(migration.Version);
                    record.Parameters.AddWithValue(migration.Name);
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    _logger.LogInformation("Applied PostgreSQL migration {Version} {Name}", migration.Version, migration.Name);
                }, cancellationToken).ConfigureAwait(false);
            }
            _migrated = true;
        }
        finally
        {
            _migrateLock.Release();
        }
    }

    /// <summary>The applied migrations; throws when the database is ahead of this code or its history differs.</summary>
    private async Task<Dictionary<int, string>> CheckAppliedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, string>();
        await using (var read = new NpgsqlCommand("SELECT version, name FROM schema_migrations ORDER BY version;", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) applied[reader.GetInt32(0)] = reader.GetString(1);
        }
        if (applied.Count > 0 && applied.Keys.Max() > SchemaVersion)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The PostgreSQL database has schema version {applied.Keys.Max()}, newer than this SourceBot understands ({SchemaVersion}). Upgrade SourceBot or point it at another database."));
        }
        foreach (var migration in _migrations)
        {
            if (applied.TryGetValue(migration.Version, out var name) && name != migration.Name)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"The PostgreSQL database's migration {migration.Version} is \"{name}\", but this SourceBot's is \"{migration.Name}\"; the database was set up by different code. Point SourceBot at another database."));
            }
        }
        return applied;
    }

    private static async Task InLockedTransactionAsync(NpgsqlConnection connection, Func<NpgsqlTransaction, Task> body, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1);", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue(PostgresAdvisoryLock.KeyOf(MigrationLockName));
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await body(transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync().ConfigureAwait(false);
        _migrateLock.Dispose();
    }
}
