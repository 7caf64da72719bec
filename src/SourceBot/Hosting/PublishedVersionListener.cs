using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SourceBot.Core.Libraries;
using SourceBot.Core.Storage.Postgres;

namespace SourceBot.Hosting;

/// <summary>
/// Listens for PostgreSQL's notification that a library has a new version (sent by whichever process published it) and brings
/// this process onto it at once, through the follower. After a reconnect (the database restarted) it checks every open library,
/// since notifications sent meanwhile are lost.
/// </summary>
internal sealed class PublishedVersionListener(PostgresNotifications notifications, LiveVersionFollower follower,
    ILogger<PublishedVersionListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var notification in notifications.ListenAsync(PostgresKnowledgeStore.VersionsChannel, stoppingToken).ConfigureAwait(false))
            {
                if (notification.Kind == PostgresNotificationKind.Listening)
                {
                    // Connected (again): whatever was published meanwhile went unheard, so every library is brought up to date
                    // (not awaited, so notifications keep being read; the follower runs its checks one at a time).
                    _ = follower.TryCheckAllAsync(stoppingToken);
                    continue;
                }
                var library = notification.Payload;
                logger.LogInformation("Library {Library} has a new version; updating", library);
                // Not awaited: loading a version may take a while, and the next notification (another library) must not wait on it.
                _ = follower.TryCheckAsync(library, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
