namespace SourceBot.Discord.Client.Wire;

/// <summary>Message reference types: a reply or a forward.</summary>
public enum MessageReferenceType
{
    Default = 0,
    Forward = 1,
}
