using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SourceBot.Core.Knowledge;
using SourceBot.Core.Moderation;
using SourceBot.Core.Storage;

namespace SourceBot.Core.Libraries;

/// <summary>
/// The library catalog in the data folder: "libraries/catalog.json" lists the created libraries and the servers' choices,
/// rewritten atomically under a lock file; each library keeps its draft in "libraries/ID/knowledge" and its versions in
/// "libraries/ID/versions". The default library is the bundled knowledge folder with the configured versions folder.
/// </summary>
public sealed class FileLibraryCatalog : ILibraryCatalog
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly string _root;
    private readonly string _defaultKnowledge;
    private readonly string _defaultVersions;

    /// <param name="librariesFolder">Where created libraries and the catalog file live.</param>
    public FileLibraryCatalog(string librariesFolder, string defaultKnowledgeFolder, string defaultVersionsFolder)
    {
        _root = Path.GetFullPath(librariesFolder);
        _defaultKnowledge = defaultKnowledgeFolder;
        _defaultVersions = defaultVersionsFolder;
    }

    private string CatalogPath => Path.Combine(_root, "catalog.json");

    public Task<ImmutableArray<LibraryInfo>> ListAsync(CancellationToken cancellationToken = default) => Task.FromResult(Read().Libraries.ToImmutableArray());

    public Task<LibraryInfo?> FindAsync(string libraryId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read().Libraries.FirstOrDefault(l => l.Id == libraryId));

    public async Task<bool> TryCreateAsync(LibraryInfo library, KnowledgeFiles draft, CancellationToken cancellationToken = default)
    {
        if (library.Id == LibraryId.Default) return false;
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        var catalog = Read();
        if (catalog.Libraries.Any(l => l.Id == library.Id)) return false;
        var folder = Path.Combine(_root, library.Id);
        // Left by a create that stopped before the catalog was written: never listed, so it is replaced.
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        var knowledge = Path.Combine(folder, "knowledge");
        Directory.CreateDirectory(knowledge);
        foreach (var (name, text) in draft.Files) AtomicFile.WriteAllText(Path.Combine(knowledge, name), text);
        DirectoryFlush.ToDisk(knowledge);
        Write(catalog with { Libraries = [.. catalog.Libraries, library] });
        return true;
    }

    public Task<string?> LibraryOfServerAsync(string serverId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Read().Servers.GetValueOrDefault(serverId));

    public async Task MapServerAsync(string serverId, string libraryId, CancellationToken cancellationToken = default)
    {
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        var catalog = Read();
        var servers = new Dictionary<string, string>(catalog.Servers, StringComparer.Ordinal) { [serverId] = libraryId };
        Write(catalog with { Servers = servers });
    }

    public IKnowledgeStore StoreOf(string libraryId) => libraryId == LibraryId.Default
        ? new FileKnowledgeStore(LibraryId.Default, _defaultKnowledge, _defaultVersions)
        : new FileKnowledgeStore(libraryId, Path.Combine(_root, libraryId, "knowledge"), Path.Combine(_root, libraryId, "versions"));

    private CatalogFile Read()
    {
        if (!File.Exists(CatalogPath)) return new CatalogFile([], new Dictionary<string, string>());
        try
        {
            var file = JsonSerializer.Deserialize<CatalogFile>(File.ReadAllText(CatalogPath, Encoding.UTF8), Json);
            return file is null ? new CatalogFile([], new Dictionary<string, string>()) : file with { Libraries = file.Libraries ?? [], Servers = file.Servers ?? new Dictionary<string, string>() };
        }
        catch (JsonException ex)
        {
            throw new KnowledgeStoreException($"The library catalog '{CatalogPath}' is not valid JSON ({ex.Message}); fix or restore it.", ex);
        }
    }

    private void Write(CatalogFile catalog)
    {
        Directory.CreateDirectory(_root);
        AtomicFile.WriteAllText(CatalogPath, JsonSerializer.Serialize(catalog, Json));
    }

    private async Task<FileLock> LockAsync(CancellationToken cancellationToken)
    {
        var (held, by) = await FileLock.AcquireAsync(Path.Combine(_root, "catalog.lock"), "library catalog", TimeProvider.System, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        return held ?? throw new KnowledgeStoreException($"The library catalog is locked by {by}; try again in a moment.");
    }

    private sealed record CatalogFile(
        [property: JsonPropertyName("libraries")] List<LibraryInfo> Libraries,
        [property: JsonPropertyName("servers")] IReadOnlyDictionary<string, string> Servers);
}
