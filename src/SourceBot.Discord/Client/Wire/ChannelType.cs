namespace SourceBot.Discord.Client.Wire;

/// <summary>Channel types (Discord's "Channel Types"), only those SourceBot tells apart; another value reads as its number.</summary>
public enum ChannelType
{
    AnnouncementThread = 10,
    PublicThread = 11,
    PrivateThread = 12,
}
