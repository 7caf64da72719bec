using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Moderation;

/// <summary>What a published version is: its number, who published it, when, what changed and why, and its knowledge hash.</summary>
public sealed record VersionManifest(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("by")] string ById,
    [property: JsonPropertyName("by_name")] string ByName,
    [property: JsonPropertyName("what")] string What,
    [property: JsonPropertyName("why")] string? Why,
    [property: JsonPropertyName("knowledge_hash")] string KnowledgeHash,
    [property: JsonPropertyName("rolled_back_to")] int? RolledBackTo = null);

/// <summary>
/// Published versions: immutable copies of the knowledge folder, "v0001", "v0002", ... under the versions folder, each with a
/// "manifest.json". A version is written into a temporary folder, its files and the folder are flushed to disk, and then it
/// is renamed into place and the versions folder flushed: so a version folder is either complete or absent, and once
/// <see cref="Create"/> returns it survives a crash or a power cut. The live version is the highest number.
/// </summary>
public sealed class VersionStore
{
    public const string ManifestName = "manifest.json";

    /// <summary>Starts the name of everything in the versions folder that does not count yet (see <see cref="TemporaryFolder"/>).</summary>
    internal const string TemporaryPrefix = ".tmp-";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public VersionStore(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public static string FolderName(int version) => "v" + version.ToString("D4", CultureInfo.InvariantCulture);

    public string FolderOf(int version) => Path.Combine(Root, FolderName(version));

    /// <summary>Every complete published version, oldest first.</summary>
    public ImmutableArray<VersionManifest> List()
    {
        if (!Directory.Exists(Root)) return [];
        var list = new List<VersionManifest>();
        foreach (var dir in Directory.GetDirectories(Root, "v*"))
        {
            var name = Path.GetFileName(dir);
            if (name.Length < 2 || !int.TryParse(name.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out _)) continue;
            var manifest = Path.Combine(dir, ManifestName);
            if (!File.Exists(manifest)) continue;
            try
            {
                if (JsonSerializer.Deserialize<VersionManifest>(File.ReadAllText(manifest, Encoding.UTF8), Json) is { } m) list.Add(m);
            }
            catch (JsonException)
            {
                // Not written by SourceBot; ignored rather than guessed at.
            }
        }
        return [.. list.OrderBy(m => m.Version)];
    }

    public VersionManifest? Latest() => List() is { IsEmpty: false } l ? l[^1] : null;

    public VersionManifest? Find(int version) => List().FirstOrDefault(m => m.Version == version);

    /// <summary>Copies the knowledge folder's source files and taught questions into a new version folder (see <see cref="Create(Storage.KnowledgeFiles, VersionManifest)"/>).</summary>
    public string Create(string knowledgeDirectory, VersionManifest manifest) => Create(Storage.KnowledgeFiles.ReadFolder(knowledgeDirectory), manifest);

    /// <summary>
    /// Writes knowledge files into a new version folder atomically and durably. Fails with an <see cref="IOException"/> if
    /// the version number is already taken (another publish got there first).
    /// </summary>
    public string Create(Storage.KnowledgeFiles files, VersionManifest manifest)
    {
        Directory.CreateDirectory(Root);
        EnsureIgnoredByGit();
        var target = FolderOf(manifest.Version);
        if (Directory.Exists(target)) throw new IOException($"Version {FolderName(manifest.Version)} already exists.");
        var tmp = TemporaryFolder(FolderName(manifest.Version));
        Directory.CreateDirectory(tmp);
        try
        {
            foreach (var (name, text) in files.Files) WriteNewFile(Path.Combine(tmp, name), Encoding.UTF8.GetBytes(text));
            WriteNewFile(Path.Combine(tmp, ManifestName), JsonSerializer.SerializeToUtf8Bytes(manifest, Json));
            DirectoryFlush.ToDisk(tmp);
            Directory.Move(tmp, target);
        }
        catch
        {
            TryDeleteFolder(tmp);
            throw;
        }
        try
        {
            // The rename is what publishes the version: it counts once the versions folder (and its own entry) is on disk.
            DirectoryFlush.ToDisk(Root);
            if (Path.GetDirectoryName(Root) is { } parent) DirectoryFlush.ToDisk(parent);
        }
        catch (IOException)
        {
            // Not durable, so not published: take it back out of sight. Should even that fail, the next start records it as recovered.
            try { Directory.Move(target, tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            TryDeleteFolder(tmp);
            throw;
        }
        return target;
    }

    /// <summary>
    /// Takes back a version whose publish could not be finished: it is renamed to a temporary name, so it stops counting at
    /// once (and for good, once the versions folder is flushed), and then removed.
    /// </summary>
    internal void Withdraw(int version)
    {
        var tmp = TemporaryFolder("withdrawn-" + FolderName(version));
        Directory.Move(FolderOf(version), tmp);
        DirectoryFlush.ToDisk(Root);
        TryDeleteFolder(tmp);
    }

    /// <summary>
    /// A new path under the versions folder for work that must not count until it is renamed into place (a version being
    /// written, a publish's staged copy of the draft). Whatever a crash leaves under such a name is removed by <see cref="RemoveLeftovers"/>.
    /// </summary>
    internal string TemporaryFolder(string purpose) => Path.Combine(Root, TemporaryPrefix + purpose + "-" + Guid.NewGuid().ToString("N"));

    /// <summary>
    /// Removes what interrupted publishes left in the versions folder: everything named like a <see cref="TemporaryFolder"/>.
    /// Only safe under the publish lock, when no publish can be writing one.
    /// </summary>
    internal IReadOnlyList<string> RemoveLeftovers()
    {
        if (!Directory.Exists(Root)) return [];
        var removed = new List<string>();
        foreach (var entry in Directory.GetFileSystemEntries(Root, TemporaryPrefix + "*"))
        {
            if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
            else File.Delete(entry);
            removed.Add(entry);
        }
        if (removed.Count > 0) DirectoryFlush.ToDisk(Root);
        return removed;
    }

    /// <summary>The files that make up knowledge: source files and the taught questions, without temporary leftovers.</summary>
    public static IEnumerable<string> KnowledgeFiles(string directory) =>
        Directory.GetFiles(directory)
            .Where(f => !AtomicFile.IsTemporary(f))
            .Where(f => f.EndsWith(KnowledgeFile.Extension, StringComparison.Ordinal) && !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase)
                        || Path.GetFileName(f) == TaughtFile.FileName)
            .OrderBy(f => f, StringComparer.Ordinal);

    private static void WriteNewFile(string path, byte[] bytes)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Versions are operational state, not source: a ".gitignore" of "*" keeps them out of a repository they sit in.</summary>
    private void EnsureIgnoredByGit()
    {
        var ignore = Path.Combine(Root, ".gitignore");
        if (!File.Exists(ignore)) File.WriteAllText(ignore, "*\n");
    }

    private static void TryDeleteFolder(string path)
    {
        try { if (Directory.Exists(path)) Directory.Delete(path, recursive: true); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temporary folder never counts as a version and is removed at the next start.
        }
    }
}
