namespace SourceBot.Core.Storage.Postgres;

/// <summary>What a <see cref="PostgresNotifications.ListenAsync"/> subscription yields.</summary>
public enum PostgresNotificationKind
{
    /// <summary>
    /// The subscription is listening: first once connected, and again after every reconnect. Notifications sent while it
    /// was away are lost, so a subscriber re-reads the state it follows (e.g. which version is live) on each of these.
    /// </summary>
    Listening,

    /// <summary>A NOTIFY on the channel, with its payload.</summary>
    Notification,
}

/// <param name="Payload">The NOTIFY payload; empty for <see cref="PostgresNotificationKind.Listening"/>.</param>
public sealed record PostgresNotification(PostgresNotificationKind Kind, string Channel, string Payload);
