namespace SourceBot.Discord.Interactions;

/// <summary>How an interaction is acknowledged before its response is ready.</summary>
internal enum Acknowledgement
{
    /// <summary>A private "thinking…" placeholder (callback 5 with the ephemeral flag).</summary>
    Private,

    /// <summary>A "thinking…" placeholder everyone in the channel sees (callback 5).</summary>
    Public,

    /// <summary>Nothing shown: the message the button is on stays until edited (callback 6).</summary>
    Silent,
}
