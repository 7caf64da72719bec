using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace SourceBot.Core.Storage.Postgres;

/// <summary>
/// A named lock across every process on one PostgreSQL database: a session-level advisory lock on a dedicated connection,
/// keyed by 64 bits of a hash of the name. PostgreSQL releases it when the holder's session ends, so a process that dies
/// leaves no stale lock. While held, a row in <c>locks</c> names the holder, so the loser can be told who has it
/// ("publish in progress by alice since …"). Dispose to release.
/// </summary>
public sealed class PostgresAdvisoryLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly long _key;
    private int _disposed;

    private PostgresAdvisoryLock(NpgsqlConnection connection, string name, long key)
    {
        _connection = connection;
        Name = name;
        _key = key;
    }

    public string Name { get; }

    /// <summary>
    /// Takes the lock named <paramref name="name"/> for <paramref name="holder"/>, or returns a null lock with a description of
    /// the current holder ("alice since 2026-11-23 10:00:00Z", or "another process" when it has not said).
    /// </summary>
    public static async Task<(PostgresAdvisoryLock? Lock, string? HeldBy)> TryAcquireAsync(
        PostgresDatabase database, string name, string holder, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        var key = KeyOf(name);
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using (var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock($1);", connection))
            {
                tryLock.Parameters.AddWithValue(key);
                if (!(bool)(await tryLock.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
                {
                    var heldBy = await HolderAsync(connection, name, cancellationToken).ConfigureAwait(false);
                    await connection.DisposeAsync().ConfigureAwait(false);
                    return (null, heldBy);
                }
            }
            await using (var claim = new NpgsqlCommand("""
                INSERT INTO locks (name, holder, acquired_at) VALUES ($1, $2, $3)
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, acquired_at = excluded.acquired_at;
                """, connection))
            {
                claim.Parameters.AddWithValue(name);
                claim.Parameters.AddWithValue(holder);
                claim.Parameters.AddWithValue(now.ToUniversalTime());
                await claim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            return (new PostgresAdvisoryLock(connection, name, key), null);
        }
        catch
        {
            // Closing the session releases an advisory lock it may have taken.
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The 64-bit advisory lock key of a name: the first 8 bytes of SHA-256 of "sourcebot:" + name.</summary>
    public static long KeyOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes("sourcebot:" + name), hash);
        return BinaryPrimitives.ReadInt64BigEndian(hash);
    }

    private static async Task<string> HolderAsync(NpgsqlConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand("SELECT holder, acquired_at FROM locks WHERE name = $1;", connection);
        read.Parameters.AddWithValue(name);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return "another process";
        var since = reader.GetFieldValue<DateTimeOffset>(1);
        return $"{reader.GetString(0)} since {since.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z";
    }

    /// <summary>Removes the holder's row and releases the lock. If the connection was lost, PostgreSQL has released it already.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            // The row goes first: once the lock is free, the next holder writes its own.
            await using (var forget = new NpgsqlCommand("DELETE FROM locks WHERE name = $1;", _connection))
            {
                forget.Parameters.AddWithValue(Name);
                await forget.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock($1);", _connection);
            release.Parameters.AddWithValue(_key);
            await release.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The session is gone (a server restart, a dropped connection): its advisory lock went with it.
        }
        finally
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
