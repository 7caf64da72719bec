using System.Threading.Channels;
using SourceBot.Discord.Client.Wire;

namespace SourceBot.Discord.Client.Gateway;

/// <summary>
/// The gateway v10 connections of this process (Discord.Net's <c>DiscordShardedClient</c> concept): one session per shard it
/// runs, each connecting, heartbeating, identifying or resuming and reconnecting on its own, and all queuing their dispatch
/// events on <see cref="Events"/>.
/// </summary>
public interface IDiscordGatewayClient
{
    /// <summary>Every dispatch event of every shard in order of arrival (READY, MESSAGE_CREATE, INTERACTION_CREATE, …), marked with its shard.</summary>
    ChannelReader<GatewayDispatch> Events { get; }

    /// <summary>The bot's own user, from READY.</summary>
    DiscordUser? CurrentUser { get; }

    /// <summary>The application id, from READY.</summary>
    string? ApplicationId { get; }

    GatewayState State { get; }

    /// <summary>
    /// Completes when the client stops; faults with <see cref="DiscordGatewayException"/> on a close code that must not be retried,
    /// or <see cref="DiscordConfigurationException"/> when the shard settings do not fit Discord's recommended count.
    /// </summary>
    Task Completion { get; }

    /// <summary>Starts connecting in the background and returns.</summary>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Closes every shard's connection with code 1000 and stops reconnecting; <see cref="Events"/> then completes.</summary>
    Task StopAsync(CancellationToken cancellationToken = default);
}

