namespace SourceBot.Discord.Client.Wire;

/// <summary>Button styles; a <see cref="Link"/> button has a url and no custom id.</summary>
public enum ButtonStyle
{
    Primary = 1,
    Secondary = 2,
    Success = 3,
    Danger = 4,
    Link = 5,
}
