using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SourceBot.Core.Storage;

/// <summary>
/// A SQLite file that is created (with its folder) on first use and brought to one schema version. The version is kept in
/// <c>PRAGMA user_version</c>: a new file (0) gets the create script; an older file gets the upgrade scripts from its version
/// on, or the create script when the store has none; each in one transaction with the new version. A newer file is refused
/// rather than guessed at. Each <see cref="OpenAsync"/> returns a new, open, unpooled connection.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly int _schemaVersion;
    private readonly string _createScript;
    private readonly IReadOnlyDictionary<int, string>? _upgrades;
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
        : this(databasePath, schemaVersion, createScript, null, name, pathSetting, defaultTimeoutSeconds)
    {
    }

    /// <param name="databasePath">The file; a relative path is resolved against the current folder.</param>
    /// <param name="schemaVersion">The schema the caller's code writes.</param>
    /// <param name="createScript">Creates that schema in a new file.</param>
    /// <param name="upgrades">
    /// By the version they upgrade from: the script that brings a file of that version to the next one. Every version from 1
    /// to <paramref name="schemaVersion"/> - 1 needs one.
    /// </param>
    /// <param name="name">What the file is, for errors: "the {name} has schema version …".</param>
    /// <param name="pathSetting">The setting that names the file, for errors.</param>
    /// <param name="defaultTimeoutSeconds">The command timeout; the provider's default when null.</param>
    public SqliteDatabase(string databasePath, int schemaVersion, string createScript, IReadOnlyDictionary<int, string>? upgrades, string name, string pathSetting,
        int? defaultTimeoutSeconds = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(schemaVersion);
        ArgumentException.ThrowIfNullOrWhiteSpace(createScript);
        Path = System.IO.Path.GetFullPath(databasePath);
        _schemaVersion = schemaVersion;
        _createScript = createScript;
        if (upgrades is not null)
        {
            for (int from = 1; from < schemaVersion; from++)
            {
                if (!upgrades.ContainsKey(from)) throw new ArgumentException($"No upgrade script from schema version {from}.", nameof(upgrades));
            }
        }
        _upgrades = upgrades;
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
        if (await VersionAsync(connection, null, cancellationToken).ConfigureAwait(false) == _schemaVersion) return;

        // An immediate transaction (the provider's default) takes the write lock first, so of two processes opening an old
        // file together, the second sees the version the first wrote and does nothing.
        await using var transaction = connection.BeginTransaction();
        var version = await VersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (version < _schemaVersion)
        {
            await using var create = connection.CreateCommand();
            create.Transaction = transaction;
            var script = _upgrades is null || version == 0
                ? _createScript
                : string.Join("\n", Enumerable.Range(version, _schemaVersion - version).Select(from => _upgrades[from]));
            // user_version takes no parameter; the version is an int, so formatting it in is safe.
            create.CommandText = script + string.Create(CultureInfo.InvariantCulture, $"\nPRAGMA user_version = {_schemaVersion};");
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The file's schema version; throws when it is newer than this code's.</summary>
    private async Task<int> VersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var check = connection.CreateCommand();
        check.Transaction = transaction;
        check.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (version > _schemaVersion)
        {
            throw new InvalidOperationException(
                $"The {_name} has schema version {version}, newer than this SourceBot understands ({_schemaVersion}). Upgrade SourceBot or point {_pathSetting} elsewhere.");
        }
        return version;
    }

    public void Dispose() => _initLock.Dispose();
}
