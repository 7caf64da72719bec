namespace SourceBot.Discord.Client.Gateway;

/// <summary>Where the gateway connection is in its life: connecting, identifying or resuming, ready, or stopped.</summary>
public enum GatewayState
{
    Stopped,
    Connecting,
    Identifying,
    Resuming,
    Ready,
    Reconnecting,
    Failed,
}
