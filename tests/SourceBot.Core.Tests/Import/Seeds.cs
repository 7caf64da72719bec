using SourceBot.Core.Import;
using SourceBot.Tests.Shared;

namespace SourceBot.Core.Tests.Import;

/// <summary>
/// The seed page dumps and the overrides they are imported with: the same overrides that produced the committed
/// knowledge/*.md files. Overrides supply only facts the page itself does not state.
/// </summary>
internal static class Seeds
{
    /// <summary>Folder holding SourceBot.sln.</summary>
    public static string RepositoryRoot => TestRepository.Root;

    public static string Folder
    {
        get
        {
            var folder = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "seeds"));
            if (!Directory.Exists(folder))
                throw new InvalidOperationException($"The seed page dumps are missing: expected them in '{folder}' (../shared/seeds next to the repository).");
            return folder;
        }
    }

    public static string KnowledgeFolder => Path.Combine(RepositoryRoot, "knowledge");

    public static readonly string[] Ids = ["000", "001", "003", "004"];

    /// <summary>The raw file of a seed: the one whose name starts with "{id}_".</summary>
    public static string PathOf(string id)
    {
        var matches = Directory.GetFiles(Folder, id + "_*.txt");
        if (matches.Length != 1)
            throw new InvalidOperationException($"Expected exactly one seed file '{id}_*.txt' in '{Folder}', found {matches.Length}.");
        return matches[0];
    }

    /// <summary>
    /// The import overrides per seed. 001: the page never names ThinkChina (it names only the Chinese original's outlet).
    /// 003: the page never names its publisher; its own address is known from seed 000's footnote [1].
    /// </summary>
    public static ImportOptions OptionsFor(string id) => id switch
    {
        "001" => new ImportOptions(SourceId: id, Publisher: "ThinkChina"),
        "003" => new ImportOptions(SourceId: id, Publisher: "Brookings Institution",
            Url: "https://www.brookings.edu/opinions/legal-grounds-for-protection-of-north-korean-refugees/"),
        _ => new ImportOptions(SourceId: id),
    };

    private static readonly Dictionary<string, ImportResult> Cache = [];

    /// <summary>A fresh import of a seed with its overrides (cached: the importer is deterministic).</summary>
    public static ImportResult Import(string id)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(id, out var result))
            {
                result = SourceImporter.Import(SourceImporter.ReadRawFile(PathOf(id)), OptionsFor(id));
                Cache[id] = result;
            }
            return result;
        }
    }

    /// <summary>All passage text of a seed import, joined.</summary>
    public static string Body(string id) => string.Join("\n", Import(id).Source.Passages.Select(p => p.Text));
}
