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
/// "manifest.json". A version is written into a temporary folder and then renamed into place, so a version folder is
/// either complete or absent. The live version is the highest number.
/// </summary>
public sealed class VersionStore
{
    public const string ManifestName = "manifest.json";
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

    /// <summary>
    /// Copies the knowledge folder's source files and taught questions into a new version folder atomically. Fails with an
    /// <see cref="IOException"/> if the version number is already taken (another publish got there first).
    /// </summary>
    public string Create(string knowledgeDirectory, VersionManifest manifest)
    {
        Directory.CreateDirectory(Root);
        EnsureIgnoredByGit();
        var target = FolderOf(manifest.Version);
        if (Directory.Exists(target)) throw new IOException($"Version {FolderName(manifest.Version)} already exists.");
        var tmp = Path.Combine(Root, ".tmp-" + FolderName(manifest.Version) + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(tmp);
        try
        {
            foreach (var file in KnowledgeFiles(knowledgeDirectory))
                File.Copy(file, Path.Combine(tmp, Path.GetFileName(file)));
            File.WriteAllText(Path.Combine(tmp, ManifestName), JsonSerializer.Serialize(manifest, Json), new UTF8Encoding(false));
            Directory.Move(tmp, target);
            return target;
        }
        catch
        {
            try { Directory.Delete(tmp, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>The files that make up knowledge: source files and the taught questions, without temporary leftovers.</summary>
    public static IEnumerable<string> KnowledgeFiles(string directory) =>
        Directory.GetFiles(directory)
            .Where(f => !AtomicFile.IsTemporary(f))
            .Where(f => f.EndsWith(KnowledgeFile.Extension, StringComparison.Ordinal) && !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase)
                        || Path.GetFileName(f) == TaughtFile.FileName)
            .OrderBy(f => f, StringComparer.Ordinal);

    /// <summary>Versions are operational state, not source: a ".gitignore" of "*" keeps them out of a repository they sit in.</summary>
    private void EnsureIgnoredByGit()
    {
        var ignore = Path.Combine(Root, ".gitignore");
        if (!File.Exists(ignore)) File.WriteAllText(ignore, "*\n");
    }
}
