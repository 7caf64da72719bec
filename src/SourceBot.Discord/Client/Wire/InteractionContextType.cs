namespace SourceBot.Discord.Client.Wire;

/// <summary>Where a global command can be used (interaction context types).</summary>
public enum InteractionContextType
{
    Guild = 0,
    BotDm = 1,
    PrivateChannel = 2,
}
