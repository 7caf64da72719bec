using System.ComponentModel.DataAnnotations;

namespace SourceBot.Core.Moderation;

/// <summary>Where published versions, the change history and the question log live, and moderation limits. Bound from "SourceBot:Moderation".</summary>
public sealed class ModerationOptions
{
    public const string Section = "SourceBot:Moderation";

    /// <summary>
    /// Published versions (one folder per version, "v0001", ...), the change history (history.jsonl) and the publish lock.
    /// Operational state, not source: the knowledge folder stays the source of truth. Relative paths: the repository root.
    /// </summary>
    [Required]
    public string VersionsPath { get; set; } = "data/versions";

    /// <summary>The SQLite question log (every question with its answer, score and feedback). Created on first use.</summary>
    [Required]
    public string QuestionLogPath { get; set; } = "data/questions.db";

    /// <summary>Whether `ask` and `chat` write their questions to the question log.</summary>
    public bool LogQuestions { get; set; } = true;

    /// <summary>Taught questions one moderator may have waiting for the next publish; more are refused until a publish.</summary>
    [Range(1, 10_000)]
    public int MaxPendingTaughtPerUser { get; set; } = 20;

    /// <summary>Largest page dump `kb add` accepts, in bytes.</summary>
    [Range(1_000, 100_000_000)]
    public int MaxSourceBytes { get; set; } = 2_000_000;

    /// <summary>How many recent logged questions a preview replays (besides the taught questions and any file given).</summary>
    [Range(0, 100_000)]
    public int PreviewRecentQuestions { get; set; } = 200;

    /// <summary>How big each library may grow (validated with the rest at start).</summary>
    public LibraryLimits Limits { get; set; } = new();

    /// <summary>How often a running bot looks whether a library it has loaded has a newer version published by another process (`kb publish`); zero turns it off.</summary>
    public TimeSpan FollowPublishedInterval { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Who does something: an opaque id (a Discord user id, a login name) and a name to show.</summary>
public sealed record Actor(string Id, string Name)
{
    public static Actor CommandLine(string? name = null)
    {
        var n = string.IsNullOrWhiteSpace(name) ? Environment.UserName : name.Trim();
        return new Actor(n, n);
    }
}
