using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SourceBot.Core.Engine;
using SourceBot.Core.Feedback;
using SourceBot.Core.Moderation;
using SourceBot.Discord.Bot;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Gateway;
using SourceBot.Discord.Interactions;
using SourceBot.Discord.Moderation;

namespace SourceBot.Discord;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Discord client (REST and gateway, whose shards' state <see cref="IShardStatus"/> reports), its
    /// <see cref="DiscordMetrics"/> (with AddMetrics), the bot as an <see cref="Microsoft.Extensions.Hosting.IHostedService"/> and the
    /// SQLite feedback store, with <see cref="DiscordOptions"/> bound from "SourceBot:Discord" and validated at start. The host must
    /// register <see cref="SourceBot.Core.Engine.IAnswerService"/>. Throws <see cref="DiscordConfigurationException"/> (one-line
    /// message) at once when the token is missing or malformed.
    /// <para>
    /// Moderation (/kb and the "Teach" buttons) is enabled when a <see cref="KnowledgeService"/> is registered before this call; it
    /// must have been built with the same <see cref="AnswerEngine"/> instance that is registered as the IAnswerService, so a
    /// publish from Discord swaps the engine the bot answers from. Questions are logged when an IQuestionLog is registered.
    /// </para>
    /// </summary>
    public static IServiceCollection AddSourceBotDiscord(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(DiscordOptions.SectionName);
        DiscordToken.Validate(section[nameof(DiscordOptions.Token)]);

        services.AddOptions<DiscordOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DiscordOptions>, DiscordOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton<IDiscordRestClient, DiscordRestClient>();
        services.TryAddSingleton<DiscordGatewayClient>();
        services.TryAddSingleton<IDiscordGatewayClient>(sp => sp.GetRequiredService<DiscordGatewayClient>());
        services.TryAddSingleton<IShardStatus>(sp => sp.GetRequiredService<DiscordGatewayClient>());
        services.TryAddSingleton<IFeedbackStore>(sp => new SqliteFeedbackStore(
            sp.GetRequiredService<IOptions<DiscordOptions>>().Value.FeedbackDatabasePath, sp.GetRequiredService<TimeProvider>()));

        services.TryAddSingleton<BotSession>();
        services.TryAddSingleton<DiscordBotStatus>();
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<DiscordOptions>>().Value;
            return new RecentAnswers(o.AnswerCacheSize, o.AnswerCacheLifetime, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<IAttachmentDownloader, AttachmentDownloader>();
        services.TryAddSingleton<QuestionRecorder>();
        services.TryAddSingleton<ModerationHandler>();
        services.TryAddSingleton<ITeachingOffer>(sp => sp.GetRequiredService<ModerationHandler>());
        services.TryAddSingleton<ThreadParents>();
        services.TryAddSingleton<NoiseControl>();
        services.TryAddSingleton<MentionHandler>();
        services.TryAddSingleton<InteractionHandler>();
        services.TryAddSingleton<InteractionRouter>();
        services.AddMetrics();
        // The shards and the gateway's event queue are asked for when the metrics are collected: the gateway is built on the
        // REST client, which takes these metrics. The bot adds its mention queue.
        services.TryAddSingleton(sp =>
        {
            var metrics = new DiscordMetrics(sp.GetRequiredService<IMeterFactory>(), () => sp.GetRequiredService<IShardStatus>());
            metrics.ObserveQueue("events", () => sp.GetRequiredService<IDiscordGatewayClient>().Events is { CanCount: true } events ? events.Count : null);
            return metrics;
        });
        services.AddHostedService<SourceBotDiscordService>();
        return services;
    }
}
