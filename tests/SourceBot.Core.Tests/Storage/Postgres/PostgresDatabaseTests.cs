using Npgsql;
using SourceBot.Core.Storage.Postgres;

namespace SourceBot.Core.Tests.Storage.Postgres;

/// <summary>Versioned migrations: applied once, each in its own transaction, never racing, never on a newer database.</summary>
public sealed class PostgresDatabaseTests(PostgresTestDatabase server) : IClassFixture<PostgresTestDatabase>
{
    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    [PostgresFact]
    public async Task Migrating_creates_the_tables_and_records_each_bundled_migration_once()
    {
        var schema = await server.NewSchemaAsync();
        await using (var first = new PostgresDatabase(schema)) await first.MigrateAsync();
        await using (var second = new PostgresDatabase(schema)) await second.MigrateAsync();

        Assert.Equal("1 question_log_feedback_recent_answers, 2 libraries_knowledge_versions_history, 3 trained_models",
            await ScalarAsync(schema, "SELECT string_agg(version || ' ' || name, ', ' ORDER BY version) FROM schema_migrations"));
        Assert.Equal("answer_aliases draft_backups draft_files drafts feedback history libraries locks question_log recent_answers schema_migrations server_libraries trained_models version_files versions",
            await ScalarAsync(schema, "SELECT string_agg(tablename, ' ' ORDER BY tablename) FROM pg_tables WHERE schemaname = current_schema()"));
    }

    [PostgresFact]
    public async Task Processes_starting_at_once_apply_each_migration_exactly_once()
    {
        var schema = await server.NewSchemaAsync();
        // Not idempotent: a second run of either script would fail on the existing table.
        PostgresMigration[] migrations = [new(1, "things", "CREATE TABLE things (id int);"), new(2, "more_things", "CREATE TABLE more_things (id int);")];
        var processes = Enumerable.Range(0, 6).Select(_ => new PostgresDatabase(schema, migrations)).ToList();

        await Task.WhenAll(processes.Select(p => p.MigrateAsync()));

        Assert.Equal(2L, await ScalarAsync(schema, "SELECT count(*) FROM schema_migrations"));
        foreach (var p in processes) await p.DisposeAsync();
    }

    [PostgresFact]
    public async Task A_failing_migration_is_undone_and_the_ones_before_it_stay_applied()
    {
        var schema = await server.NewSchemaAsync();
        PostgresMigration[] migrations = [new(1, "things", "CREATE TABLE things (id int);"), new(2, "broken", "CREATE TABLE half_done (id int); SELECT 1 / 0;")];
        await using var database = new PostgresDatabase(schema, migrations);

        await Assert.ThrowsAsync<PostgresException>(() => database.MigrateAsync());

        Assert.Equal(1, await ScalarAsync(schema, "SELECT max(version) FROM schema_migrations"));
        Assert.Equal(DBNull.Value, await ScalarAsync(schema, "SELECT to_regclass('half_done')::text"));
        Assert.Equal("things", await ScalarAsync(schema, "SELECT to_regclass('things')::text"));
    }

    [PostgresFact]
    public async Task A_database_migrated_by_newer_code_is_refused_and_left_as_it_is()
    {
        var schema = await server.NewSchemaAsync();
        await using (var current = new PostgresDatabase(schema)) await current.MigrateAsync();
        await ScalarAsync(schema, "INSERT INTO schema_migrations (version, name) VALUES (99, 'from_the_future')");
        await using var older = new PostgresDatabase(schema);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => older.OpenAsync());

        Assert.Equal($"The PostgreSQL database has schema version 99, newer than this SourceBot understands ({older.SchemaVersion}). Upgrade SourceBot or point it at another database.", error.Message);
        Assert.Equal(99, await ScalarAsync(schema, "SELECT max(version) FROM schema_migrations"));
    }

    [PostgresFact]
    public async Task A_database_set_up_by_different_migrations_is_refused()
    {
        var schema = await server.NewSchemaAsync();
        await using (var other = new PostgresDatabase(schema, [new PostgresMigration(1, "something_else", "CREATE TABLE other (id int);")])) await other.MigrateAsync();
        await using var database = new PostgresDatabase(schema);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => database.MigrateAsync());

        Assert.Equal("The PostgreSQL database's migration 1 is \"something_else\", but this SourceBot's is \"question_log_feedback_recent_answers\"; the database was set up by different code. Point SourceBot at another database.", error.Message);
    }
}
