using System.ComponentModel.DataAnnotations;

namespace SourceBot.Core.Libraries;

/// <summary>Where created libraries live and which servers the operator maps to which library. Bound from "SourceBot:Libraries".</summary>
public sealed class LibrariesOptions
{
    public const string Section = "SourceBot:Libraries";

    /// <summary>The folder of created libraries and the catalog (folder store). Relative paths: the repository root.</summary>
    [Required]
    public string Path { get; set; } = "data/libraries";

    /// <summary>
    /// Server id to library id, set by the operator (a course with several servers shares one library). Takes precedence over
    /// a server moderators' own choice.
    /// </summary>
    public Dictionary<string, string> Servers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Problems with the server map, for validation at start.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (server, library) in Servers)
        {
            if (server.Length == 0 || !server.All(char.IsAsciiDigit)) yield return $"{Section}:Servers: '{server}' is not a server id (digits only).";
            if (library != LibraryId.Default && LibraryId.Problem(library) is { } problem) yield return $"{Section}:Servers:{server}: {problem}";
        }
    }
}
