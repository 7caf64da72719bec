using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SourceBot.Core.Storage;

/// <summary>
/// A SQLite file that is created (with its folder) on first use and brought to one schema version. The version is kept in
/// <c>PRAGMA user_version</c>: an older file (0 when new) gets the create script and the version in one transaction; a newer
/// file is refused rather than guessed at. Each <see cref="OpenAsync"/> returns a new, open, unpooled connection.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly int _schemaVersion;
    private readonly string _createScript;
    private readonly string _name;
    private readonly string _pathSetting;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    /// <param name="databasePath">The file; a relative path is resolved against the current folder.</param>
    /// <param name="schemaVersion">The schema the caller's code writes.</param>
    /// <param name="createScript">Creates that schema; written with <c>IF NOT EXISTS</c>, as it also runs on older files.</param>
    /// <param name="name">What the file is, for errors: "the {name} has schema version …".</param>
    /// <param name="pathSetting">The setting that names the file, for errors.</param>
    /// <param name="defaultTimeoutSeconds">The command timeout; the provider's default when null.</param>
    public SqliteDatabase(string databasePath, int schemaVersion, string createScript, string name, string pathSetting, int? defaultTimeoutSeconds = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(schemaVersion);
        ArgumentException.ThrowIfNullOrWhiteSpace(createScript);
        Path = System.IO.Path.GetFullPath(databasePath);
        _schemaVersion = schemaVersion;
        _createScript = createScript;
        _name = name;
        _pathSetting = pathSetting;
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        if (defaultTimeoutSeconds is int timeout) builder.DefaultTimeout = timeout;
        _connectionString = builder.ToString();
    }

    /// <summary>The full path of the file.</summary>
    public string Path { get; }

    /// <summary>An open connection; the first call creates the folder and file and migrates the schema.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (!_initialized)
        {
            await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_initialized)
                {
                    var folder = System.IO.Path.GetDirectoryName(Path);
                    if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
                    await using var init = new SqliteConnection(_connectionString);
                    await init.OpenAsync(cancellationToken).ConfigureAwait(false);
                    await MigrateAsync(init, cancellationToken).ConfigureAwait(false);
                    _initialized = true;
                }
            }
            finally
            {
                _initLock.Release();
            }
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return connection;
    }

    private async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using (var check = connection.CreateCommand())
        {
            check.CommandText = "PRAGMA user_version;";
            var version = Convert.ToInt32(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            if (version > _schemaVersion)
            {
                throw new InvalidOperationException(
                    $"The {_name} has schema version {version}, newer than this SourceBot understands ({_schemaVersion}). Upgrade SourceBot or point {_pathSetting} elsewhere.");
            }
            if (version == _schemaVersion) return;
        }

        await using var transaction = connection.BeginTransaction();
        await using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            // user_version takes no parameter; the version is an int, so formatting it in is safe.
            create.CommandText = _createScript + string.Create(CultureInfo.InvariantCulture, $"\nPRAGMA user_version = {_schemaVersion};");
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _initLock.Dispose();
}
