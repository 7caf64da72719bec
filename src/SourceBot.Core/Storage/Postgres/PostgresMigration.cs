using System.Reflection;
using System.Text.RegularExpressions;

namespace SourceBot.Core.Storage.Postgres;

/// <summary>One versioned schema change: an embedded script named <c>0001_what_it_does.sql</c>.</summary>
internal sealed partial record PostgresMigration(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "SourceBot.Core.Storage.Postgres.Migrations.";

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex FileName();

    /// <summary>The migrations shipped in this assembly, in version order; they must number 1, 2, 3 … without a gap.</summary>
    public static IReadOnlyList<PostgresMigration> Bundled { get; } = Load(typeof(PostgresMigration).Assembly);

    private static IReadOnlyList<PostgresMigration> Load(Assembly assembly)
    {
        var list = new List<PostgresMigration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal)) continue;
            var file = resource[ResourcePrefix.Length..];
            var match = FileName().Match(file);
            if (!match.Success) throw new InvalidOperationException($"The migration {file} is not named like 0001_what_it_does.sql.");
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            list.Add(new PostgresMigration(int.Parse(match.Groups["version"].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups["name"].Value, reader.ReadToEnd()));
        }
        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i].Version != i + 1) throw new InvalidOperationException($"The migrations must number 1, 2, 3 … without a gap; migration {i + 1} is missing or doubled.");
        }
        return list;
    }
}
