using System.ComponentModel.DataAnnotations;

namespace SourceBot.Core.Moderation;

/// <summary>
/// How big one library may grow, so one server's moderators cannot fill a shared deployment's memory or disk: changes that
/// would cross a limit are refused with a message naming it. Bound from "SourceBot:Moderation:Limits".
/// </summary>
public sealed class LibraryLimits
{
    [Range(1, 100_000)]
    public int MaxSources { get; set; } = 200;

    [Range(1, 10_000_000)]
    public int MaxPassages { get; set; } = 20_000;

    /// <summary>Total size of the library's knowledge files (sources and taught questions), in bytes.</summary>
    [Range(1_000, 10_000_000_000)]
    public long MaxBytes { get; set; } = 50_000_000;

    /// <summary>Taught questions waiting for the next publish, from all moderators together.</summary>
    [Range(1, 1_000_000)]
    public int MaxPendingTaught { get; set; } = 500;

    /// <summary>Libraries a deployment holds (the default one included).</summary>
    [Range(1, 1_000_000)]
    public int MaxLibraries { get; set; } = 1_000;
}
