namespace SourceBot.Discord.Client.Gateway;

/// <summary>How one gateway connection ended.</summary>
internal enum ConnectionOutcomeKind
{
    Reconnect,
    Stopped,
    Fatal,
}
