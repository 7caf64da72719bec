namespace SourceBot.Discord.Client.Wire;

/// <summary>Message flags (a bitfield), only those SourceBot reads or sets.</summary>
[Flags]
public enum MessageFlags
{
    None = 0,
    Ephemeral = 1 << 6,
}
