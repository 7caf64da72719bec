using System.Threading.Channels;
using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Client.Gateway;

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

