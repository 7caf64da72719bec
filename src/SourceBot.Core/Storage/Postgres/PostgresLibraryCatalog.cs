using System.Collections.Immutable;
using Npgsql;
using SourceBot.Core.Libraries;

namespace SourceBot.Core.Storage.Postgres;

/// <summary>
/// The library catalog in PostgreSQL, shared by every process: the created libraries (<c>libraries</c>), the servers' choices
/// (<c>server_libraries</c>) and every library's knowledge, the default one included, in a <see cref="PostgresKnowledgeStore"/>.
/// Database failures are thrown as <see cref="KnowledgeStoreException"/>.
/// </summary>
public sealed class PostgresLibraryCatalog : ILibraryCatalog
{
    private const string Columns = "library_id, created_at, created_by_id, created_by_name, copied_from";

    private readonly PostgresDatabase _database;
    private readonly TimeProvider _time;

    public PostgresLibraryCatalog(PostgresDatabase database, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _time = timeProvider ?? TimeProvider.System;
    }

    public Task<ImmutableArray<LibraryInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        RunAsync("list the libraries", async connection =>
        {
            await using var command = new NpgsqlCommand($"SELECT {Columns} FROM libraries ORDER BY position;", connection);
            return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<LibraryInfo?> FindAsync(string libraryId, CancellationToken cancellationToken = default) =>
        RunAsync("find a library", async connection =>
        {
            await using var command = new NpgsqlCommand($"SELECT {Columns} FROM libraries WHERE library_id = $1;", connection);
            command.Parameters.AddWithValue(libraryId);
            return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        }, cancellationToken);

    public Task<bool> TryCreateAsync(LibraryInfo library, KnowledgeFiles draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(draft);
        if (library.Id == LibraryId.Default) return Task.FromResult(false);
        return RunAsync("create a library", async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var create = new NpgsqlCommand($"""
                INSERT INTO libraries ({Columns}) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (library_id) DO NOTHING;
                """, connection))
            {
                create.Parameters.AddWithValue(library.Id);
                create.Parameters.AddWithValue(PostgresTimestamps.ToStored(library.CreatedAt));
                create.Parameters.AddWithValue(library.CreatedById);
                create.Parameters.AddWithValue(library.CreatedByName);
                create.Parameters.Add(new NpgsqlParameter { Value = (object?)library.CopiedFrom ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
                if (await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0) return false;
            }
            await using (var newDraft = new NpgsqlBatch(connection, transaction))
            {
                // A draft can be there without a library only if someone wrote it by hand; the new library's draft replaces it.
                newDraft.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM drafts WHERE library_id = $1;") { Parameters = { new() { Value = library.Id } } });
                newDraft.BatchCommands.Add(new NpgsqlBatchCommand("INSERT INTO drafts (library_id) VALUES ($1);") { Parameters = { new() { Value = library.Id } } });
                newDraft.BatchCommands.Add(new NpgsqlBatchCommand("INSERT INTO draft_files (library_id, name, text) SELECT $1, * FROM unnest($2::text[], $3::text[]);")
                {
                    Parameters = { new() { Value = library.Id }, new() { Value = draft.Files.Keys.ToArray() }, new() { Value = draft.Files.Values.ToArray() } },
                });
                await newDraft.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task<string?> LibraryOfServerAsync(string serverId, CancellationToken cancellationToken = default) =>
        RunAsync("read the library of a server", async connection =>
        {
            await using var command = new NpgsqlCommand("SELECT library_id FROM server_libraries WHERE server_id = $1;", connection);
            command.Parameters.AddWithValue(serverId);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        }, cancellationToken);

    public Task MapServerAsync(string serverId, string libraryId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serverId);
        ArgumentException.ThrowIfNullOrWhiteSpace(libraryId);
        return RunAsync("choose the library of a server", async connection =>
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO server_libraries (server_id, library_id) VALUES ($1, $2)
                ON CONFLICT (server_id) DO UPDATE SET library_id = excluded.library_id;
                """, connection);
            command.Parameters.AddWithValue(serverId);
            command.Parameters.AddWithValue(libraryId);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public IKnowledgeStore StoreOf(string libraryId) => new PostgresKnowledgeStore(_database, libraryId, _time);

    private async Task<T> RunAsync<T>(string doing, Func<NpgsqlConnection, Task<T>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await _database.RetryTransientAsync(async () =>
            {
                await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
                return await body(connection).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw new KnowledgeStoreException($"Could not {doing} in PostgreSQL: {ex.Message}", ex);
        }
    }

    private static async Task<ImmutableArray<LibraryInfo>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var list = ImmutableArray.CreateBuilder<LibraryInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new LibraryInfo(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }
        return list.ToImmutable();
    }
}
