namespace SourceBot.Discord.Client.Wire;

/// <summary>What a <see cref="ChannelType"/> means for SourceBot.</summary>
public static class ChannelTypes
{
    /// <summary>ANNOUNCEMENT_THREAD, PUBLIC_THREAD (also a forum or media post) or PRIVATE_THREAD.</summary>
    public static bool IsThread(this ChannelType? type) => type is ChannelType.AnnouncementThread or ChannelType.PublicThread or ChannelType.PrivateThread;
}
