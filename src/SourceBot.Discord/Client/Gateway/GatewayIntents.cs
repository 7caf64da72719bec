namespace SourceBot.Discord.Client.Gateway;

/// <summary>Gateway intents (Discord's "List of Intents"), only those SourceBot may ask for.</summary>
[Flags]
public enum GatewayIntents
{
    None = 0,
    Guilds = 1 << 0,
    GuildMessages = 1 << 9,
    DirectMessages = 1 << 12,
    /// <summary>Privileged: must be enabled on the Developer Portal's Bot page.</summary>
    MessageContent = 1 << 15,
}
