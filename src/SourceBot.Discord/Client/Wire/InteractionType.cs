namespace SourceBot.Discord.Client.Wire;

/// <summary>Interaction types ("Receiving and Responding").</summary>
public enum InteractionType
{
    Ping = 1,
    ApplicationCommand = 2,
    MessageComponent = 3,
    Autocomplete = 4,
    ModalSubmit = 5,
}
