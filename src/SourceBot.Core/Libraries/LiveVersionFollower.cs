using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SourceBot.Core.Moderation;

namespace SourceBot.Core.Libraries;

/// <summary>
/// Keeps a running bot on the latest published version of every library it has open, when another process publishes it
/// (`kb publish` from the command line, or another bot process on a shared database): every
/// <see cref="ModerationOptions.FollowPublishedInterval"/> it checks all of them, and <see cref="TryCheckAsync"/> checks one
/// at once (a database notification does). The engine of the new version is built while the old one answers; the old one is
/// released when its last question finishes. Checks run one at a time, so a burst of notifications never builds several
/// engines at once beside the answers.
/// </summary>
public sealed class LiveVersionFollower(LibraryHub libraries, ModerationOptions options, ILogger? logger = null, TimeProvider? timeProvider = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Checks every <see cref="ModerationOptions.FollowPublishedInterval"/> until cancelled; a failed check is logged and retried.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (options.FollowPublishedInterval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(options.FollowPublishedInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await TryCheckAllAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Brings one library onto its latest published version; a failure is logged, not thrown (tried again at the next tick or notification).</summary>
    public async Task TryCheckAsync(string libraryId, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await libraries.RefreshAsync(libraryId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Could not switch library {Library} to its latest published version; still answering from the current one", libraryId);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Brings every open library onto its latest published version (each failure logged).</summary>
    public async Task TryCheckAllAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await libraries.RefreshAllAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }
}
