namespace SourceBot.Discord.Client.Wire;

/// <summary>Permission bits (Discord's "Permissions" page), only those SourceBot reads or sets; sent as a decimal bitfield string.</summary>
[Flags]
public enum Permissions : ulong
{
    None = 0,
    Administrator = 1UL << 3,
    ManageGuild = 1UL << 5,
}
