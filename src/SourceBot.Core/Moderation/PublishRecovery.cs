using System.Globalization;
using Microsoft.Extensions.Logging;
using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Moderation;

/// <summary>
/// Puts things right after a process stopped in the middle of a publish or a draft write, when the knowledge is next opened.
/// A publish stores its version first and then appends its history entry, so a stop between the two leaves a version that
/// counts (it is complete and on disk) but that history does not mention: it gets its entry now, of kind
/// <see cref="ChangeKind.Recovered"/>, and a warning in the log, so it never goes live silently. Temporary folders of
/// publishes and temporary files of draft writes that never finished are removed. Run it only under the publish and edit
/// locks: then nothing it finds can belong to a publish or an edit that is still running.
/// </summary>
internal static class PublishRecovery
{
    public static void Run(VersionStore versions, HistoryLog history, string draftPath, ILogger logger, TimeProvider time)
    {
        foreach (var leftover in versions.RemoveLeftovers())
            logger.LogInformation("Removed {Leftover}, left by a publish that was interrupted", leftover);
        foreach (var leftover in AtomicFile.RemoveLeftovers(draftPath))
            logger.LogInformation("Removed {Leftover}, left by a draft change that was interrupted", leftover);

        foreach (var version in Unrecorded(versions.List(), history.Read()))
            Logged(history.Append(RecoveredChange(version, time)), version, logger);
    }

    /// <summary>The stored versions that no history entry mentions.</summary>
    internal static IEnumerable<VersionManifest> Unrecorded(IEnumerable<VersionManifest> versions, IEnumerable<ChangeRecord> history)
    {
        var recorded = history.Select(c => c.Version).OfType<int>().ToHashSet();
        return versions.Where(v => !recorded.Contains(v.Version));
    }

    /// <summary>The history entry of a version whose publish stopped before recording it (numbered when appended).</summary>
    internal static ChangeRecord RecoveredChange(VersionManifest version, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return new ChangeRecord(0, version.At, version.ById, version.ByName, ChangeKind.Recovered,
            version.RolledBackTo is int r ? $"v{r}" : "draft",
            $"{version.What} (history entry recovered on {now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z: the version was stored, but the process stopped before recording it)",
            version.Why, version.Version, version.KnowledgeHash);
    }

    /// <summary>Warns that a version had no history entry and says which entry now records it.</summary>
    internal static void Logged(ChangeRecord change, VersionManifest version, ILogger logger) =>
        logger.LogWarning("Version v{Version}, published by {PublishedBy} at {PublishedAt}, had no history entry (the process stopped between storing it and recording it); recorded it as change #{Sequence} of kind {ChangeKind}",
            version.Version, version.ByName, version.At, change.Sequence, ChangeRecord.KindName(change.Kind));
}
