namespace SourceBot.Discord.Client.Wire;

/// <summary>An interaction response; <see cref="Data"/> is a <see cref="MessagePayload"/>, a <see cref="ModalPayload"/> or null.</summary>
public sealed record InteractionResponse
{
    public required InteractionCallbackType Type { get; init; }
    public object? Data { get; init; }
}
