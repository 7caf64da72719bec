namespace SourceBot.Discord.Client.Wire;

/// <summary>Message types, only those SourceBot names; another value reads as its number.</summary>
public enum MessageType
{
    Default = 0,
    Reply = 19,
    ChatInputCommand = 20,
    ContextMenuCommand = 23,
}
