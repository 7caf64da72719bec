using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SourceBot.Core.Libraries;
using SourceBot.Core.Moderation;
using SourceBot.Core.Storage.Postgres;

namespace SourceBot.Hosting;

/// <summary>
/// Listens for PostgreSQL's notification that a library has a new version (sent by whichever process published it) and brings
/// this process onto it: the default library's follower checks at once; a created library is forgotten and loaded afresh at
/// its next question. After a reconnect (the database restarted) it checks too, since notifications sent meanwhile are lost.
/// </summary>
internal sealed class PublishedVersionListener(PostgresNotifications notifications, LiveVersionFollower follower, LibraryHub libraries,
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
                    // Connected (again): whatever was published meanwhile went unheard, so every library is brought up to date.
                    await follower.TryCheckAsync(stoppingToken).ConfigureAwait(false);
                    libraries.ForgetAll();
                    continue;
                }
                var library = notification.Payload;
                logger.LogInformation("Library {Library} has a new version; updating", library);
                if (library == LibraryId.Default) await follower.TryCheckAsync(stoppingToken).ConfigureAwait(false);
                else libraries.Forget(library);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
