namespace SourceBot.Discord.Client.Wire;

/// <summary>Component types, only those SourceBot sends or reads back.</summary>
public enum ComponentType
{
    ActionRow = 1,
    Button = 2,
    TextInput = 4,
    Label = 18,
}
