using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SourceBot.Core.Engine;
using SourceBot.Core.Storage;

namespace SourceBot.Core.Moderation;

/// <summary>
/// Keeps a running bot on its library's latest published version when another process publishes it (`kb publish` from the
/// command line, or another bot process on a shared database): it checks every <see cref="ModerationOptions.FollowPublishedInterval"/>
/// and whenever <see cref="CheckOnceAsync"/> is called (a database notification does), and swaps the engine when the latest
/// version is not the one it answers from. The old snapshot is released when its last question finishes.
/// </summary>
public sealed class LiveVersionFollower(AnswerEngine engine, EngineFactory engines, IKnowledgeStore store, ModerationOptions options, ILogger? logger = null, TimeProvider? timeProvider = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>The library followed.</summary>
    public string LibraryId => store.LibraryId;

    /// <summary>Swaps to the latest published version if the engine is not on it; true when it swapped.</summary>
    public async Task<bool> CheckOnceAsync(CancellationToken cancellationToken = default)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = engine.Snapshot;
            var versions = await store.ListVersionsAsync(cancellationToken).ConfigureAwait(false);
            if (versions.IsEmpty || versions[^1].KnowledgeHash == current.Knowledge.Hash) return false;
            var latest = versions[^1];
            var knowledge = (await store.ReadVersionAsync(latest.Version, cancellationToken).ConfigureAwait(false)).Parse(store.VersionLocation(latest.Version));
            var snapshot = await Task.Run(() => engines.Build(knowledge, cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
            // A publish or rollback in this process may have swapped in a newer version while this one was building: then this
            // build is stale, and installing it would bring an older version back until the next check.
            var now = await store.ListVersionsAsync(cancellationToken).ConfigureAwait(false);
            if (now.IsEmpty || now[^1].Version != latest.Version || !engine.TrySwap(current, snapshot))
            {
                snapshot.Dispose();
                _logger.LogInformation("Version v{Version} of library {Library} was superseded while it was being loaded; not switching to it", latest.Version, store.LibraryId);
                return false;
            }
            _logger.LogInformation("Now answering library {Library} from published version v{Version} ({What})", store.LibraryId, latest.Version, latest.What);
            current.Dispose();
            return true;
        }
        finally
        {
            _oneAtATime.Release();
        }
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
                await TryCheckAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One check whose failure is logged, not thrown (a database that is down is tried again at the next tick or notification).</summary>
    public async Task TryCheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CheckOnceAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Could not switch library {Library} to its latest published version; still answering from the current one", store.LibraryId);
        }
    }
}
