using System.Text.Json;
using System.Threading.Channels;
using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Client;

/// <summary>Gateway intents (Discord's "List of Intents"), only those SourceBot may ask for.</summary>
[Flags]
public enum GatewayIntents
{
    None = 0,
    Guilds = 1 << 0,
    GuildMessages = 1 << 9,
    DirectMessages = 1 << 12,
    /// <summary>Privileged: must be enabled on the Developer Portal's Bot page.</summary>
    MessageContent = 1 << 15,
}

/// <summary>A dispatch (op 0) event: its name (<c>t</c>), sequence (<c>s</c>) and data (<c>d</c>).</summary>
public sealed record GatewayDispatch(string Type, int? Sequence, JsonElement Data);

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

/// <summary>
/// The gateway v10 connection (Discord.Net's <c>DiscordSocketClient</c> concept): connects, heartbeats, identifies or resumes,
/// reconnects, and queues dispatch events on <see cref="Events"/>.
/// </summary>
public interface IDiscordGatewayClient
{
    /// <summary>Every dispatch event in order of arrival (READY, MESSAGE_CREATE, INTERACTION_CREATE, …).</summary>
    ChannelReader<GatewayDispatch> Events { get; }

    /// <summary>The bot's own user, from READY.</summary>
    DiscordUser? CurrentUser { get; }

    /// <summary>The application id, from READY.</summary>
    string? ApplicationId { get; }

    GatewayState State { get; }

    /// <summary>Completes when the client stops; faults with <see cref="DiscordGatewayException"/> on a close code that must not be retried.</summary>
    Task Completion { get; }

    /// <summary>Starts connecting in the background and returns.</summary>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Closes the connection with code 1000 and stops reconnecting; <see cref="Events"/> then completes.</summary>
    Task StopAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// The gateway closed with a code that retrying cannot fix (4004 authentication failed, 4010–4014); <see cref="Exception.Message"/>
/// says what to change.
/// </summary>
public sealed class DiscordGatewayException : Exception
{
    public DiscordGatewayException(int closeCode, string message) : base(message) => CloseCode = closeCode;

    public int CloseCode { get; }

    /// <summary>What to tell the person running the bot for a non-reconnectable close code; null when the code may be retried.</summary>
    public static string? FatalMessage(int closeCode) => closeCode switch
    {
        4004 => DiscordToken.RejectedMessage("gateway close code 4004, authentication failed"),
        4010 => "Discord closed the gateway with 4010 (invalid shard): SourceBot connects unsharded; check that no shard settings are forced by a proxy.",
        4011 => "Discord closed the gateway with 4011 (sharding required): the bot is in too many servers for one connection, which this SourceBot does not support.",
        4012 => "Discord closed the gateway with 4012 (invalid API version): SourceBot speaks gateway v10; check SourceBot:Discord:GatewayUrlOverride.",
        4013 => "Discord closed the gateway with 4013 (invalid intents): this is a SourceBot bug; please report it.",
        4014 => "Discord refused a privileged intent (gateway close code 4014, disallowed intents): mention answering needs the Message Content intent. Enable \"Message Content Intent\" on the Bot page at https://discord.com/developers/applications, or set SourceBot:Discord:AnswerMentions to false.",
        _ => null,
    };
}
