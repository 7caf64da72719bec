namespace SourceBot.Discord.Client.Wire;

/// <summary>Application command option types, only those SourceBot registers.</summary>
public enum ApplicationCommandOptionType
{
    SubCommand = 1,
    SubCommandGroup = 2,
    String = 3,
    Integer = 4,
    Boolean = 5,
    Attachment = 11,
}
