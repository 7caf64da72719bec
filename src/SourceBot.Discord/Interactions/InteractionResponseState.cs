namespace SourceBot.Discord.Interactions;

/// <summary>How far the bot got in responding to the interaction being handled.</summary>
internal enum InteractionResponseState
{
    /// <summary>Nothing sent yet: the interaction can still be answered with a callback.</summary>
    None,

    /// <summary>Deferred with a "thinking…" message (callback 5) that nothing has replaced yet.</summary>
    Deferred,

    /// <summary>
    /// Acknowledged with no message of its own to edit: a silent acknowledgement (callback 6, the message the button is on is
    /// still as it was), or a placeholder that was deleted.
    /// </summary>
    Acknowledged,

    /// <summary>Something reached the user: a message, a modal, an edit, a follow-up or a deleted placeholder.</summary>
    Responded,
}
