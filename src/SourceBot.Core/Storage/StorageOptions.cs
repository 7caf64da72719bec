namespace SourceBot.Core.Storage;

/// <summary>
/// Where shared state lives. Empty (the default): folders and SQLite files under the data folder, for one process. A
/// PostgreSQL connection string: libraries, versions, history, the server-to-library map, question logs, feedback and recent
/// answers in that database, shared by every process. Bound from "SourceBot:Storage".
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "SourceBot:Storage";

    /// <summary>An Npgsql connection string, e.g. "Host=127.0.0.1;Port=5432;Database=sourcebot;Username=sourcebot". Secret when it holds a password.</summary>
    public string? PostgresConnectionString { get; set; }

    public bool UsesPostgres => !string.IsNullOrWhiteSpace(PostgresConnectionString);
}
