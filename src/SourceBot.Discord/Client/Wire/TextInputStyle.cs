namespace SourceBot.Discord.Client.Wire;

/// <summary>Text input styles: one line or several.</summary>
public enum TextInputStyle
{
    Short = 1,
    Paragraph = 2,
}
