using System.Globalization;

namespace SourceBot.Discord.Client.Gateway;

/// <summary>
/// The gateway closed with a code that retrying cannot fix (4004 authentication failed, 4010–4014); <see cref="Exception.Message"/>
/// says what to change.
/// </summary>
public sealed class DiscordGatewayException : Exception
{
    public DiscordGatewayException(int closeCode, string message) : base(message) => CloseCode = closeCode;

    public int CloseCode { get; }

    /// <summary>What to tell the person running an unsharded bot for a non-reconnectable close code; null when the code may be retried.</summary>
    public static string? FatalMessage(int closeCode) => FatalMessage(closeCode, 0, 1, null);

    /// <summary>
    /// What to tell the person running the bot for a non-reconnectable close code of shard <paramref name="shardId"/> of
    /// <paramref name="shardCount"/>; <paramref name="recommendedCount"/> is GET /gateway/bot's <c>shards</c> when known.
    /// Null when the code may be retried.
    /// </summary>
    public static string? FatalMessage(int closeCode, int shardId, int shardCount, int? recommendedCount)
    {
        var shard = string.Create(CultureInfo.InvariantCulture, $"shard {shardId} of {shardCount}");
        var recommended = recommendedCount is { } r ? string.Create(CultureInfo.InvariantCulture, $" (Discord recommends {r})") : "";
        return (GatewayCloseCode)closeCode switch
        {
            GatewayCloseCode.AuthenticationFailed => DiscordToken.RejectedMessage("gateway close code 4004, authentication failed"),
            GatewayCloseCode.InvalidShard =>
                $"Discord closed the gateway with 4010 (invalid shard) for {shard}: the shard count or id is not one Discord accepts{recommended}. " +
                "Check SourceBot:Discord:Shards: every id must be below Count, and a large bot's Count must be a multiple of the number Discord assigned; " +
                "leave Count empty to use Discord's recommended count.",
            GatewayCloseCode.ShardingRequired =>
                $"Discord closed the gateway with 4011 (sharding required) for {shard}: the bot is in too many servers for {shardCount} shard(s){recommended}. " +
                "Raise SourceBot:Discord:Shards:Count, or leave it empty to use Discord's recommended count, and restart every SourceBot process of this bot.",
            GatewayCloseCode.InvalidApiVersion => "Discord closed the gateway with 4012 (invalid API version): SourceBot speaks gateway v10; check SourceBot:Discord:GatewayUrlOverride.",
            GatewayCloseCode.InvalidIntents => "Discord closed the gateway with 4013 (invalid intents): this is a SourceBot bug; please report it.",
            GatewayCloseCode.DisallowedIntents => "Discord refused a privileged intent (gateway close code 4014, disallowed intents): mention answering needs the Message Content intent. Enable \"Message Content Intent\" on the Bot page at https://discord.com/developers/applications, or set SourceBot:Discord:AnswerMentions to false.",
            _ => null,
        };
    }
}
