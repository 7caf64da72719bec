using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SourceBot.Core.Answers;
using SourceBot.Core.Engine;
using SourceBot.Core.Feedback;
using SourceBot.Core.Libraries;
using SourceBot.Core.Moderation;
using SourceBot.Discord.Bot;
using SourceBot.Discord.Client;
using SourceBot.Discord.Client.Gateway;
using SourceBot.Discord.Interactions;
using SourceBot.Discord.Libraries;
using SourceBot.Discord.Moderation;

namespace SourceBot.Discord;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Discord client (REST and gateway, whose shards' state <see cref="IShardStatus"/> reports), its
    /// <see cref="DiscordMetrics"/> (with AddMetrics), the bot as an <see cref="Microsoft.Extensions.Hosting.IHostedService"/> and the
    /// SQLite feedback store, with <see cref="DiscordOptions"/> bound from "SourceBot:Discord" and validated at start. Throws
    /// <see cref="DiscordConfigurationException"/> (one-line message) at once when the token is missing or malformed.
    /// <para>
    /// Answers: the host registers <see cref="ILibraryAnswers"/> (a library per server) or, for one library, just an
    /// <see cref="IAnswerService"/>, which every server then gets. Moderation (/kb, the "Teach" buttons) is enabled when
    /// <see cref="ILibraries"/> is registered (each server moderates its own library, and /kb library creates and chooses them)
    /// or else a single <see cref="IKnowledgeModeration"/>, whose library must be the one the IAnswerService answers from, so a
    /// publish from Discord changes what the bot answers. Questions are logged when an IQuestionLog is registered.
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

        services.TryAddSingleton<BotSession>();
        services.TryAddSingleton<DiscordBotStatus>();
        // In this process's memory unless the host registered a shared store (PostgreSQL) first.
        services.TryAddSingleton<IRecentAnswerStore>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<DiscordOptions>>().Value;
            return new InMemoryRecentAnswerStore(o.AnswerCacheSize, o.AnswerCacheLifetime, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(sp => new RecentAnswers(sp.GetRequiredService<IRecentAnswerStore>()));
        services.TryAddSingleton<IAttachmentDownloader, AttachmentDownloader>();
        services.TryAddSingleton<ILibraryAnswers>(sp => new SingleLibraryAnswers(sp.GetRequiredService<IAnswerService>()));
        services.TryAddSingleton<QuestionRecorder>();
        services.TryAddSingleton<ModerationHandler>();
        services.TryAddSingleton<ITeachingOffer>(sp => sp.GetRequiredService<ModerationHandler>());
        services.TryAddSingleton<ThreadParents>();
        services.TryAddSingleton<NoiseControl>();
        services.TryAddSingleton<MentionHandler>();
        services.TryAddSingleton(_ => new AnswerSlots(AnswerSlots.DefaultLimit));
        services.TryAddSingleton<InteractionHandler>();
        services.TryAddSingleton<InteractionRouter>();
        services.AddMetrics();
        // The shards and the gateway's event queue are asked for when the metrics are collected: the gateway is built on the
        // REST client, which takes these metrics. The bot adds its mention queue.
        services.TryAddSingleton(sp =>
        {
            var metrics = new DiscordMetrics(sp.GetRequiredService<IMeterFactory>(), () => sp.GetRequiredService<IShardStatus>());
            metrics.ObserveQueue("events", () => sp.GetRequiredService<IDiscordGatewayClient>().Events is { CanCount: true } events ? events.Count : null);
            // Deferred interactions waiting for an answer slot.
            metrics.ObserveQueue("answers", () => (int)Math.Min(int.MaxValue, sp.GetRequiredService<AnswerSlots>().Waiting));
            return metrics;
        });
        services.AddHostedService<SourceBotDiscordService>();
        return services;
    }
}
