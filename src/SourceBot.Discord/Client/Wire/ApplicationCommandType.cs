namespace SourceBot.Discord.Client.Wire;

/// <summary>Application command types: a slash command or a context menu command.</summary>
public enum ApplicationCommandType
{
    ChatInput = 1,
    User = 2,
    Message = 3,
}
