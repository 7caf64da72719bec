using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SourceBot.Core.Engine;
using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Moderation;

/// <summary>
/// Keeps a long-running engine (the Discord bot) on the latest published version when the publish happened elsewhere, e.g.
/// `kb publish` in another process: it notices a new version, builds its snapshot off the hot path and swaps it in.
/// Publishes made through this process's <see cref="KnowledgeService"/> have swapped already and are no-ops here.
/// </summary>
public sealed class LiveVersionFollower(AnswerEngine engine, EngineFactory engines, ModerationOptions options, ILogger? logger = null, TimeProvider? timeProvider = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Swaps to the latest published version if the engine is not on it; true when it swapped.</summary>
    public async Task<bool> CheckOnceAsync(CancellationToken cancellationToken = default)
    {
        var versions = new VersionStore(options.VersionsPath);
        var current = engine.Snapshot;
        var latest = versions.Latest();
        if (latest is null || latest.KnowledgeHash == current.Knowledge.Hash) return false;
        var knowledge = KnowledgeDirectory.Load(versions.FolderOf(latest.Version));
        var snapshot = await Task.Run(() => engines.Build(knowledge, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        // A publish or rollback in this process may have swapped in a newer version while this one was building: then this
        // build is stale, and installing it would bring an older version back until the next check.
        if (versions.Latest()?.Version != latest.Version || !engine.TrySwap(current, snapshot))
        {
            snapshot.Dispose();
            _logger.LogInformation("Version v{Version} was superseded while it was being loaded; not switching to it", latest.Version);
            return false;
        }
        _logger.LogInformation("Now answering from published version v{Version} ({What})", latest.Version, latest.What);
        // The engine's reference to the old version: released when the last question still running on it ends.
        current.Dispose();
        return true;
    }

    /// <summary>Checks every <see cref="ModerationOptions.FollowPublishedInterval"/> until cancelled; a failed check is logged and retried.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (options.FollowPublishedInterval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(options.FollowPublishedInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await CheckOnceAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _logger.LogWarning(ex, "Could not switch to the latest published version; still answering from the current one");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
