namespace SourceBot.Discord.Client.Gateway;

/// <summary>
/// The gateway closed with a code that retrying cannot fix (4004 authentication failed, 4010–4014); <see cref="Exception.Message"/>
/// says what to change.
/// </summary>
public sealed class DiscordGatewayException : Exception
{
    public DiscordGatewayException(int closeCode, string message) : base(message) => CloseCode = closeCode;

    public int CloseCode { get; }

    /// <summary>What to tell the person running the bot for a non-reconnectable close code; null when the code may be retried.</summary>
    public static string? FatalMessage(int closeCode) => (GatewayCloseCode)closeCode switch
    {
        GatewayCloseCode.AuthenticationFailed => DiscordToken.RejectedMessage("gateway close code 4004, authentication failed"),
        GatewayCloseCode.InvalidShard => "Discord closed the gateway with 4010 (invalid shard): SourceBot connects unsharded; check that no shard settings are forced by a proxy.",
        GatewayCloseCode.ShardingRequired => "Discord closed the gateway with 4011 (sharding required): the bot is in too many servers for one connection, which this SourceBot does not support.",
        GatewayCloseCode.InvalidApiVersion => "Discord closed the gateway with 4012 (invalid API version): SourceBot speaks gateway v10; check SourceBot:Discord:GatewayUrlOverride.",
        GatewayCloseCode.InvalidIntents => "Discord closed the gateway with 4013 (invalid intents): this is a SourceBot bug; please report it.",
        GatewayCloseCode.DisallowedIntents => "Discord refused a privileged intent (gateway close code 4014, disallowed intents): mention answering needs the Message Content intent. Enable \"Message Content Intent\" on the Bot page at https://discord.com/developers/applications, or set SourceBot:Discord:AnswerMentions to false.",
        _ => null,
    };
}
