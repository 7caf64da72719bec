using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;
using SourceBot.Core.Moderation;

namespace SourceBot.Core.Storage.Postgres;

/// <summary>
/// One library's knowledge in PostgreSQL, shared by every process: draft files, published versions (manifest and files
/// written in one transaction, so complete or absent), the change history and the edit and publish locks (advisory locks
/// that name their holder). Creating or withdrawing a version sends a notification on <see cref="VersionsChannel"/> when it
/// commits, so other processes can switch to the live version at once (<see cref="PostgresNotifications"/>). Database
/// failures are thrown as <see cref="KnowledgeStoreException"/>.
/// </summary>
public sealed class PostgresKnowledgeStore : IKnowledgeStore
{
    /// <summary>The channel that carries the id of a library whose versions changed.</summary>
    public const string VersionsChannel = "knowledge_versions";

    private static readonly TimeSpan LockRetry = TimeSpan.FromMilliseconds(100);
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly PostgresDatabase _database;
    private readonly TimeProvider _time;

    public PostgresKnowledgeStore(PostgresDatabase database, string libraryId, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrWhiteSpace(libraryId);
        _database = database;
        LibraryId = libraryId;
        _time = timeProvider ?? TimeProvider.System;
    }

    public string LibraryId { get; }

    public string DraftLocation => $"library {LibraryId}, draft";

    public string VersionLocation(int version) => string.Create(CultureInfo.InvariantCulture, $"library {LibraryId}, v{version}");

    public Task<bool> DraftExistsAsync(CancellationToken cancellationToken = default) =>
        RunAsync("read the draft of", async connection =>
        {
            await using var command = Command(connection, "SELECT EXISTS (SELECT 1 FROM drafts WHERE library_id = $1);", LibraryId);
            return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }, cancellationToken);

    public Task<KnowledgeFiles> ReadDraftAsync(CancellationToken cancellationToken = default) =>
        RunAsync("read the draft of", connection => ReadFilesAsync(connection, "SELECT name, text FROM draft_files WHERE library_id = $1;", cancellationToken, LibraryId), cancellationToken);

    /// <summary>Gives a library that has no draft yet these files (the bundled knowledge, at a deployment's first start); false when it has one.</summary>
    public Task<bool> ImportDraftIfAbsentAsync(KnowledgeFiles files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        return RunAsync("import the draft of", async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var claim = Command(connection, "INSERT INTO drafts (library_id) VALUES ($1) ON CONFLICT DO NOTHING;", LibraryId))
            {
                if (await claim.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0) return false;
            }
            await InsertFilesAsync(connection, "draft_files", null, files, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task WriteDraftFileAsync(string name, string? text, CancellationToken cancellationToken = default)
    {
        if (!KnowledgeFiles.IsKnowledgeFileName(name)) throw new ArgumentException($"'{name}' is not a knowledge file name.", nameof(name));
        return RunAsync("write the draft of", async connection =>
        {
            await using var batch = new NpgsqlBatch(connection);
            batch.BatchCommands.Add(BatchCommand("INSERT INTO drafts (library_id) VALUES ($1) ON CONFLICT DO NOTHING;", LibraryId));
            batch.BatchCommands.Add(text is null
                ? BatchCommand("DELETE FROM draft_files WHERE library_id = $1 AND name = $2;", LibraryId, name)
                : BatchCommand("""
                    INSERT INTO draft_files (library_id, name, text) VALUES ($1, $2, $3)
                    ON CONFLICT (library_id, name) DO UPDATE SET text = excluded.text;
                    """, LibraryId, name, text));
            // A batch runs in one implicit transaction.
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>The draft as it was is kept in <c>draft_backups</c>, in the same transaction that replaces it.</summary>
    public Task ReplaceDraftAsync(KnowledgeFiles files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        return RunAsync("replace the draft of", async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(connection, transaction);
            batch.BatchCommands.Add(BatchCommand("INSERT INTO drafts (library_id) VALUES ($1) ON CONFLICT DO NOTHING;", LibraryId));
            batch.BatchCommands.Add(BatchCommand("""
                INSERT INTO draft_backups (library_id, backed_up_at, files)
                SELECT $1, $2, coalesce(json_object_agg(name, text ORDER BY name), '{}'::json) FROM draft_files WHERE library_id = $1;
                """, LibraryId, PostgresTimestamps.ToStored(_time.GetUtcNow())));
            batch.BatchCommands.Add(BatchCommand("DELETE FROM draft_files WHERE library_id = $1;", LibraryId));
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await InsertFilesAsync(connection, "draft_files", null, files, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task<ImmutableArray<VersionManifest>> ListVersionsAsync(CancellationToken cancellationToken = default) =>
        RunAsync("list the versions of", async connection =>
        {
            await using var command = Command(connection, "SELECT manifest::text FROM versions WHERE library_id = $1 ORDER BY version;", LibraryId);
            var list = ImmutableArray.CreateBuilder<VersionManifest>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) list.Add(JsonSerializer.Deserialize<VersionManifest>(reader.GetString(0), Json)!);
            return list.ToImmutable();
        }, cancellationToken);

    public Task<KnowledgeFiles> ReadVersionAsync(int version, CancellationToken cancellationToken = default) =>
        RunAsync("read a version of", async connection =>
        {
            await using (var exists = Command(connection, "SELECT EXISTS (SELECT 1 FROM versions WHERE library_id = $1 AND version = $2);", LibraryId, version))
            {
                if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
                    throw new KnowledgeStoreException($"Version v{version} of library '{LibraryId}' does not exist.");
            }
            return await ReadFilesAsync(connection, "SELECT name, text FROM version_files WHERE library_id = $1 AND version = $2;", cancellationToken, LibraryId, version).ConfigureAwait(false);
        }, cancellationToken);

    public Task CreateVersionAsync(VersionManifest manifest, KnowledgeFiles files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(files);
        return RunAsync("store a version of", async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var create = Command(connection, "INSERT INTO versions (library_id, version, manifest) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING;",
                LibraryId, manifest.Version, new NpgsqlParameter { Value = JsonSerializer.Serialize(manifest, Json), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Json }))
            {
                if (await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
                    throw new KnowledgeStoreException($"Version v{manifest.Version} of library '{LibraryId}' already exists.");
            }
            await InsertFilesAsync(connection, "version_files", manifest.Version, files, cancellationToken).ConfigureAwait(false);
            await NotifyVersionsChangedAsync(connection, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task WithdrawVersionAsync(int version, CancellationToken cancellationToken = default) =>
        RunAsync("withdraw a version of", async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var withdraw = Command(connection, "DELETE FROM versions WHERE library_id = $1 AND version = $2;", LibraryId, version))
            {
                await withdraw.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await NotifyVersionsChangedAsync(connection, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public Task<ImmutableArray<ChangeRecord>> ReadHistoryAsync(CancellationToken cancellationToken = default) =>
        RunAsync("read the history of", async connection =>
        {
            await using var command = Command(connection, "SELECT change::text FROM history WHERE library_id = $1 ORDER BY seq;", LibraryId);
            var list = ImmutableArray.CreateBuilder<ChangeRecord>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) list.Add(JsonSerializer.Deserialize<ChangeRecord>(reader.GetString(0), Json)!);
            return list.ToImmutable();
        }, cancellationToken);

    public Task<ChangeRecord> AppendHistoryAsync(ChangeRecord change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return RunAsync("append to the history of", async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            // Edits and publishes append under different locks: this lock numbers their entries one after the other.
            await using (var serialize = Command(connection, "SELECT pg_advisory_xact_lock($1);", PostgresAdvisoryLock.KeyOf($"history/{LibraryId}")))
            {
                await serialize.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            int sequence;
            await using (var last = Command(connection, "SELECT coalesce(max(seq), 0) + 1 FROM history WHERE library_id = $1;", LibraryId))
            {
                sequence = (int)(await last.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }
            var numbered = change with { Sequence = sequence };
            await using (var append = Command(connection, "INSERT INTO history (library_id, seq, change) VALUES ($1, $2, $3);",
                LibraryId, sequence, new NpgsqlParameter { Value = JsonSerializer.Serialize(numbered, Json), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Json }))
            {
                await append.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return numbered;
        }, cancellationToken);
    }

    public async Task<StoreLock> LockAsync(StoreLockKind kind, string holder, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var name = $"knowledge/{LibraryId}/{(kind == StoreLockKind.Edit ? "edit" : "publish")}";
        var deadline = _time.GetUtcNow() + wait;
        while (true)
        {
            PostgresAdvisoryLock? held;
            string? heldBy;
            try
            {
                (held, heldBy) = await PostgresAdvisoryLock.TryAcquireAsync(_database, name, holder, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException ex)
            {
                throw new KnowledgeStoreException($"Could not lock library '{LibraryId}' in PostgreSQL: {ex.Message}", ex);
            }
            if (held is not null) return StoreLock.Taken(held);
            if (_time.GetUtcNow() >= deadline) return StoreLock.Refused(heldBy ?? "another process");
            await Task.Delay(LockRetry, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Records each version that history does not mention (a publish that stopped between storing its version and recording
    /// it) as <see cref="ChangeKind.Recovered"/>. A database write has no leftovers to remove: a transaction that did not
    /// commit left nothing.
    /// </summary>
    public async Task RecoverAsync(ILogger logger, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        await using var publishLock = await LockAsync(StoreLockKind.Publish, "start-up recovery", TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        if (!publishLock.Held) return;
        await using var editLock = await LockAsync(StoreLockKind.Edit, "start-up recovery", TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        if (!editLock.Held) return;
        var versions = await ListVersionsAsync(cancellationToken).ConfigureAwait(false);
        var history = await ReadHistoryAsync(cancellationToken).ConfigureAwait(false);
        foreach (var version in PublishRecovery.Unrecorded(versions, history))
            PublishRecovery.Logged(await AppendHistoryAsync(PublishRecovery.RecoveredChange(version, time), cancellationToken).ConfigureAwait(false), version, logger);
    }

    /// <summary>Runs <paramref name="body"/> on an open connection; a database failure becomes a <see cref="KnowledgeStoreException"/>.</summary>
    private async Task<T> RunAsync<T>(string doing, Func<NpgsqlConnection, Task<T>> body, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            return await body(connection).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw new KnowledgeStoreException($"Could not {doing} library '{LibraryId}' in PostgreSQL: {ex.Message}", ex);
        }
    }

    private async Task NotifyVersionsChangedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var notify = Command(connection, "SELECT pg_notify($1, $2);", VersionsChannel, LibraryId);
        await notify.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task InsertFilesAsync(NpgsqlConnection connection, string table, int? version, KnowledgeFiles files, CancellationToken cancellationToken)
    {
        if (files.Count == 0) return;
        var sql = version is null
            ? $"INSERT INTO {table} (library_id, name, text) SELECT $1, * FROM unnest($2::text[], $3::text[]);"
            : $"INSERT INTO {table} (library_id, version, name, text) SELECT $1, $4, * FROM unnest($2::text[], $3::text[]);";
        await using var insert = Command(connection, sql, LibraryId, files.Files.Keys.ToArray(), files.Files.Values.ToArray());
        if (version is int v) insert.Parameters.AddWithValue(v);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<KnowledgeFiles> ReadFilesAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = Command(connection, sql, values);
        var files = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) files[reader.GetString(0)] = reader.GetString(1);
        return new KnowledgeFiles(files.ToImmutable());
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values) command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        return command;
    }

    private static NpgsqlBatchCommand BatchCommand(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        return command;
    }
}
