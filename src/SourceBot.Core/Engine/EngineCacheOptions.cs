using System.ComponentModel.DataAnnotations;

namespace SourceBot.Core.Engine;

/// <summary>How many engines a process keeps loaded, and for how long. Bound from "SourceBot:Engines".</summary>
public sealed class EngineCacheOptions
{
    public const string Section = "SourceBot:Engines";

    /// <summary>
    /// The memory the loaded engines may take together, in bytes, as their <see cref="EngineSnapshot.EstimatedBytes"/> count
    /// it. That estimate counts contents only and is below their true use: an engine on the bundled 53-passage knowledge kept
    /// about 3.8 MB of heap against an estimate of 1.1 MB (measured in a test run, hashing embedder), the gap being mostly a
    /// fixed cost of ML.NET and Lucene objects. Above the budget the least recently used engine nobody is using is unloaded;
    /// the most recently used one always stays, so a budget below one engine still serves one library at a time.
    /// </summary>
    [Range(1L, long.MaxValue)]
    public long MemoryBudgetBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>How long an engine nobody uses stays loaded; the next question after that loads it again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan IdleUnload { get; set; } = TimeSpan.FromMinutes(30);
}
