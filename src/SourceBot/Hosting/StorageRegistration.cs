using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SourceBot.Core.Answers;
using SourceBot.Core.Engine;
using SourceBot.Core.Feedback;
using SourceBot.Core.Libraries;
using SourceBot.Core.Metrics;
using SourceBot.Core.Moderation;
using SourceBot.Core.QuestionLog;
using SourceBot.Core.Storage;
using SourceBot.Core.Storage.Postgres;

namespace SourceBot.Hosting;

/// <summary>
/// Wires where state lives. By default (no connection string): the bundled knowledge folder is the default library's draft,
/// versions and created libraries are folders, question logs SQLite files, for one process. With
/// <see cref="StorageOptions.PostgresConnectionString"/>: every library, version, history entry, the server map, the question
/// logs, feedback and recent answers are in PostgreSQL (the bundled folder seeds the default library's draft once), and a
/// publish in any process reaches the others by LISTEN/NOTIFY.
/// </summary>
internal static class StorageRegistration
{
    public static void AddSourceBotStorage(this Microsoft.Extensions.Hosting.IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StorageOptions>().Bind(builder.Configuration.GetSection(StorageOptions.Section));
        services.AddOptions<EngineCacheOptions>().Bind(builder.Configuration.GetSection(EngineCacheOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TrainingQueueOptions>().Bind(builder.Configuration.GetSection(TrainingQueueOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        // One queue per process: publishes of every library train on it in the background, so answers never wait on training.
        services.AddSingleton(sp => new TrainingQueue(sp.GetRequiredService<EngineFactory>(), sp.GetRequiredService<IOptions<TrainingQueueOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<TrainingQueue>(), sp.GetRequiredService<TimeProvider>()));
        var usesPostgres = !string.IsNullOrWhiteSpace(builder.Configuration[$"{StorageOptions.Section}:{nameof(StorageOptions.PostgresConnectionString)}"]);

        if (usesPostgres)
        {
            services.AddSingleton(sp => new PostgresDatabase(sp.GetRequiredService<IOptions<StorageOptions>>().Value.PostgresConnectionString!, sp.GetRequiredService<ILoggerFactory>()));
            services.AddSingleton<ILibraryCatalog>(sp => new PostgresLibraryCatalog(sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IQuestionLog>(sp => new PostgresQuestionLog(sp.GetRequiredService<PostgresDatabase>(), LibraryId.Default, sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IFeedbackStore>(sp => new PostgresFeedbackStore(sp.GetRequiredService<PostgresDatabase>(), LibraryId.Default, sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IRecentAnswerStore>(sp => new PostgresRecentAnswerStore(sp.GetRequiredService<PostgresDatabase>(),
                sp.GetRequiredService<IOptions<Discord.DiscordOptions>>().Value.AnswerCacheLifetime, sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<ISharedModelStore>(sp => new PostgresModelStore(sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton(sp => new PostgresNotifications(sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<PostgresNotifications>()));
            // The default library's store, seeded once with the bundled knowledge folder as its draft.
            services.AddSingleton<IKnowledgeStore>(sp =>
            {
                var store = (PostgresKnowledgeStore)sp.GetRequiredService<ILibraryCatalog>().StoreOf(LibraryId.Default);
                var bundled = sp.GetRequiredService<IOptions<EngineOptions>>().Value.KnowledgePath;
                if (Directory.Exists(bundled)) store.ImportDraftIfAbsentAsync(KnowledgeFiles.ReadFolder(bundled)).GetAwaiter().GetResult();
                return store;
            });
        }
        else
        {
            services.AddSingleton<ILibraryCatalog>(sp => new FileLibraryCatalog(
                sp.GetRequiredService<IOptions<LibrariesOptions>>().Value.Path,
                sp.GetRequiredService<IOptions<EngineOptions>>().Value.KnowledgePath,
                sp.GetRequiredService<IOptions<ModerationOptions>>().Value.VersionsPath));
            services.AddSingleton<IQuestionLog>(sp => new SqliteQuestionLog(
                sp.GetRequiredService<IOptions<ModerationOptions>>().Value.QuestionLogPath, sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IKnowledgeStore>(sp => sp.GetRequiredService<ILibraryCatalog>().StoreOf(LibraryId.Default));
            // The bot's 👍/👎 votes (created on first use); `kb gaps` reads them too.
            services.AddSingleton<IFeedbackStore>(sp => new SqliteFeedbackStore(
                sp.GetRequiredService<IOptions<Discord.DiscordOptions>>().Value.FeedbackDatabasePath, sp.GetRequiredService<TimeProvider>()));
        }

        // Every library, the default one included: its engine is loaded from its live version through the hub's engine cache
        // (the default one pinned there), its moderation opened and recovered when first used, each with its own question log
        // and feedback.
        services.AddSingleton(sp =>
        {
            var libraries = sp.GetRequiredService<IOptions<LibrariesOptions>>().Value;
            var time = sp.GetRequiredService<TimeProvider>();
            var database = usesPostgres ? sp.GetRequiredService<PostgresDatabase>() : null;
            // The default library's store is made first: with PostgreSQL that seeds its draft with the bundled folder.
            _ = sp.GetRequiredService<IKnowledgeStore>();
            return new LibraryHub(sp.GetRequiredService<ILibraryCatalog>(), sp.GetRequiredService<EngineFactory>(),
                sp.GetRequiredService<IOptions<ModerationOptions>>().Value, libraries,
                id => id == LibraryId.Default ? sp.GetRequiredService<IQuestionLog>()
                    : database is not null ? new PostgresQuestionLog(database, id, time)
                    : new SqliteQuestionLog(Path.Combine(libraries.Path, id, "questions.db"), time),
                id => id == LibraryId.Default ? sp.GetService<IFeedbackStore>()
                    : database is not null ? new PostgresFeedbackStore(database, id, time)
                    : new SqliteFeedbackStore(sp.GetRequiredService<IOptions<Discord.DiscordOptions>>().Value.FeedbackDatabasePath, id, time),
                sp.GetRequiredService<ILoggerFactory>(), time,
                sp.GetRequiredService<IOptions<EngineCacheOptions>>().Value, sp.GetRequiredService<TrainingQueue>(), sp.GetRequiredService<SourceBotMetrics>());
        });
        services.AddSingleton<ILibraries>(sp => sp.GetRequiredService<LibraryHub>());
        services.AddSingleton<ILibraryAnswers>(sp => sp.GetRequiredService<LibraryHub>());
        services.AddSingleton<ILibraryQuestionLogs>(sp => sp.GetRequiredService<LibraryHub>());
        services.AddSingleton<ILibraryFeedback>(sp => sp.GetRequiredService<LibraryHub>());

        // Only hosts that run (the `run` verb) start it: the bot follows versions published by other processes, on a timer and,
        // with PostgreSQL, as soon as the database says a library has a new version.
        services.AddSingleton(sp => new LiveVersionFollower(sp.GetRequiredService<LibraryHub>(), sp.GetRequiredService<IOptions<ModerationOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<LiveVersionFollower>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService(sp => new LiveVersionFollowerService(sp.GetRequiredService<LiveVersionFollower>()));
        if (usesPostgres)
        {
            services.AddHostedService(sp => new PublishedVersionListener(sp.GetRequiredService<PostgresNotifications>(), sp.GetRequiredService<LiveVersionFollower>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<PublishedVersionListener>()));
        }
    }

    private sealed class LiveVersionFollowerService(LiveVersionFollower follower) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => follower.RunAsync(stoppingToken);
    }
}
