using Npgsql;
using SourceBot.Core.Storage.Postgres;

namespace SourceBot.Core.Tests.Storage.Postgres;

/// <summary>
/// A fresh PostgreSQL database for one test class, created on the server that <see cref="Variable"/> names and dropped
/// afterwards. Without the variable it does nothing, and the class's PostgreSQL tests are skipped.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncLifetime
{
    public const string Variable = "SOURCEBOT_TEST_POSTGRES";
    public const string SkipReason = $"PostgreSQL tests run when {Variable} is set; `.ci/postgres.sh start` gives you one";

    private readonly List<PostgresDatabase> _opened = [];
    private string? _name;
    private PostgresDatabase? _database;

    /// <summary>The server to create test databases on (a user that may create databases), or null.</summary>
    public static string? ServerConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>The connection string of this class's database.</summary>
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (ServerConnectionString is not { } server) return;
        _name = "sourcebot_test_" + Guid.NewGuid().ToString("N");
        await ExecuteOnServerAsync(server, $"CREATE DATABASE {_name};");
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = _name }.ConnectionString;
    }

    /// <summary>One <see cref="PostgresDatabase"/> on this class's database for the stores under test, as a process would hold.</summary>
    public PostgresDatabase Database => _database ??= Open();

    /// <summary>Another <see cref="PostgresDatabase"/> on this class's database (another process, as it were), disposed with the fixture.</summary>
    public PostgresDatabase Open()
    {
        var database = new PostgresDatabase(ConnectionString);
        lock (_opened) _opened.Add(database);
        return database;
    }

    /// <summary>
    /// A connection string to a new, empty schema of this class's database, for a test that needs a database of its own (a
    /// migration test): the schema is first on the search path, so everything it creates lands there.
    /// </summary>
    public async Task<string> NewSchemaAsync()
    {
        var schema = "test_" + Guid.NewGuid().ToString("N");
        await ScalarAsync($"CREATE SCHEMA {schema};");
        return new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema }.ConnectionString;
    }

    /// <summary>Runs SQL on this class's database outside any store (to look at or break what the code under test did).</summary>
    public async Task<object?> ScalarAsync(string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values) command.Parameters.AddWithValue(value);
        return await command.ExecuteScalarAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var database in _opened) await database.DisposeAsync();
        if (_name is null || ServerConnectionString is not { } server) return;
        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync(server, $"DROP DATABASE IF EXISTS {_name} WITH (FORCE);");
    }

    private static async Task ExecuteOnServerAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
