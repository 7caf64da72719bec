namespace SourceBot.Discord.Client.Wire;

/// <summary>How an app is installed (application integration types).</summary>
public enum ApplicationIntegrationType
{
    GuildInstall = 0,
    UserInstall = 1,
}
