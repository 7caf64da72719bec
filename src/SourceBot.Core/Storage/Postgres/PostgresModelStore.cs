using Npgsql;
using NpgsqlTypes;
using SourceBot.Core.Engine;

namespace SourceBot.Core.Storage.Postgres;

/// <summary>
/// <see cref="ISharedModelStore"/> in PostgreSQL (table <c>trained_models</c>): a model folder's few files (a few hundred
/// kilobytes) stored in one transaction, so a reader sees all of them or none.
/// </summary>
public sealed class PostgresModelStore(PostgresDatabase database, TimeProvider? timeProvider = null) : ISharedModelStore
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public bool TryFetch(string modelHash, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelHash);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var files = database.RetryTransientAsync(() => ReadAsync(modelHash, cancellationToken), cancellationToken).GetAwaiter().GetResult();
        if (files.Count == 0) return false;
        Directory.CreateDirectory(folder);
        foreach (var (name, content) in files)
        {
            // Each file appears whole or not at all: a reader of the folder never loads half a model.
            var path = Path.Combine(folder, name);
            var tmp = path + ".tmp-" + Guid.NewGuid().ToString("N");
            File.WriteAllBytes(tmp, content);
            File.Move(tmp, path, overwrite: true);
        }
        return true;
    }

    public void Save(string modelHash, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelHash);
        var files = Directory.GetFiles(folder).Where(f => !Path.GetFileName(f).Contains(".tmp-", StringComparison.Ordinal))
            .Select(f => (Name: Path.GetFileName(f), Content: File.ReadAllBytes(f))).ToList();
        if (files.Count == 0) return;
        database.RetryTransientAsync(() => WriteAsync(modelHash, files, cancellationToken), cancellationToken).GetAwaiter().GetResult();
    }

    private async Task<List<(string Name, byte[] Content)>> ReadAsync(string modelHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT name, content FROM trained_models WHERE model_hash = $1 ORDER BY name;", connection);
        command.Parameters.AddWithValue(modelHash);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var files = new List<(string, byte[])>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) files.Add((reader.GetString(0), (byte[])reader.GetValue(1)));
        return files;
    }

    private async Task<bool> WriteAsync(string modelHash, List<(string Name, byte[] Content)> files, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        foreach (var (name, content) in files)
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO trained_models (model_hash, name, content, stored_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (model_hash, name) DO NOTHING;
                """, connection, transaction);
            command.Parameters.AddWithValue(modelHash);
            command.Parameters.AddWithValue(name);
            command.Parameters.Add(new NpgsqlParameter { Value = content, NpgsqlDbType = NpgsqlDbType.Bytea });
            command.Parameters.AddWithValue(now);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }
}
