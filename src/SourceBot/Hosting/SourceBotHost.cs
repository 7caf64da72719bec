using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SourceBot.Core.Engine;
using SourceBot.Core.Feedback;
using SourceBot.Core.Libraries;
using SourceBot.Core.Metrics;
using SourceBot.Core.Moderation;
using SourceBot.Core.QuestionLog;

namespace SourceBot.Hosting;

/// <summary>Builds the generic host every verb runs in: configuration (appsettings.json, environment, user secrets), logging to stderr, engine options.</summary>
public static class SourceBotHost
{
    public static HostApplicationBuilder CreateBuilder(string[]? configArgs = null, LogLevel minimumLevel = LogLevel.Warning)
    {
        // No reload-on-change: it watches the content root recursively, which takes seconds (and inotify handles) when the
        // current folder is large, and settings are read once per run anyway.
        var hostConfiguration = new ConfigurationManager();
        hostConfiguration.AddInMemoryCollection(new Dictionary<string, string?> { ["hostBuilder:reloadConfigOnChange"] = "false" });
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = configArgs ?? [],
            ContentRootPath = Directory.GetCurrentDirectory(),
            DisableDefaults = false,
            Configuration = hostConfiguration,
        });
        builder.Configuration.AddUserSecrets(typeof(SourceBotHost).Assembly, optional: true);
        builder.Logging.ClearProviders();
        // stdout belongs to answers (and JSON lines); every log line goes to stderr.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(minimumLevel);
        // Npgsql logs every command at Information; its warnings and errors are what an operator needs.
        builder.Logging.AddFilter("Npgsql", LogLevel.Warning);
        builder.Services.AddOptions<EngineOptions>()
            .Bind(builder.Configuration.GetSection(EngineOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart()
            .PostConfigure(ResolvePaths);
        builder.Services.AddOptions<ModerationOptions>()
            .Bind(builder.Configuration.GetSection(ModerationOptions.Section))
            .ValidateDataAnnotations()
            // Data annotations do not look inside nested objects: the library limits are checked on their own.
            .Validate(o => System.ComponentModel.DataAnnotations.Validator.TryValidateObject(o.Limits, new(o.Limits), null, validateAllProperties: true),
                $"{ModerationOptions.Section}:Limits has a value out of range (see appsettings.example.json for each limit's range).")
            .ValidateOnStart()
            .PostConfigure(ResolvePaths);
        builder.Services.AddOptions<LibrariesOptions>()
            .Bind(builder.Configuration.GetSection(LibrariesOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => !o.Problems().Any(), "SourceBot:Libraries:Servers maps a server to a library id that is not valid (server ids are digits; library ids 2 to 32 lower-case letters, digits or '-').")
            .ValidateOnStart()
            .PostConfigure(o => { if (!Path.IsPathRooted(o.Path)) o.Path = Path.GetFullPath(Path.Combine(DataRoot(), o.Path)); });
        // The Discord bot's feedback database goes beside the question log, under the same root.
        builder.Services.PostConfigure<Discord.DiscordOptions>(o => o.ResolvePaths(DataRoot()));
        // The engine answers from the latest published version (issue #5), or from the knowledge folder before the first publish.
        // One factory per process: it loads the embedding model once and shares it, the vector cache and the training rows
        // with every snapshot (the live one, previews, publishes).
        builder.Services.AddSingleton(sp => new EngineFactory(
            sp.GetRequiredService<IOptions<EngineOptions>>().Value, embedder: null, sp.GetRequiredService<ILoggerFactory>().CreateLogger<EngineFactory>())
        {
            Progress = new Cli.EmbeddingProgressPrinter(Console.Error, sp.GetRequiredService<TimeProvider>()),
            // With PostgreSQL, what one process trains the others load.
            SharedModels = sp.GetService<ISharedModelStore>(),
        });
        builder.Services.TryAddSingleton(TimeProvider.System);
        // Answer metrics (Meter "SourceBot", on the host's meter factory); read only when an exporter listens (`run` with
        // SourceBot:Operations:Urls).
        builder.Services.AddSingleton(sp => new SourceBotMetrics(sp.GetRequiredService<IMeterFactory>(), () => sp.GetRequiredService<Core.Engine.TrainingQueue>().Depth));
        // Libraries, versions, logs and the live engines: in folders and SQLite, or in PostgreSQL when a connection string is set.
        builder.AddSourceBotStorage();
        return builder;
    }

    /// <summary>Versions and the question log, like the model cache, live under the repository root when given relative paths.</summary>
    private static void ResolvePaths(ModerationOptions options)
    {
        var root = DataRoot();
        if (!Path.IsPathRooted(options.VersionsPath)) options.VersionsPath = Path.GetFullPath(Path.Combine(root, options.VersionsPath));
        if (!Path.IsPathRooted(options.QuestionLogPath)) options.QuestionLogPath = Path.GetFullPath(Path.Combine(root, options.QuestionLogPath));
    }

    /// <summary>
    /// A relative knowledge path is tried against the current folder first, then against the repository the executable was
    /// built from, so `dotnet run --project src/SourceBot` works from any folder of a clone; a relative cache path is always
    /// under the repository root (or the current folder outside a clone), so every run shares one cache.
    /// </summary>
    private static void ResolvePaths(EngineOptions options)
    {
        var root = RepositoryRoot();
        options.KnowledgePath = ResolveKnowledgePath(options.KnowledgePath, root);
        options.CachePath = Path.IsPathRooted(options.CachePath)
            ? options.CachePath
            : Path.GetFullPath(Path.Combine(root ?? Directory.GetCurrentDirectory(), options.CachePath));
        if (!string.IsNullOrWhiteSpace(options.VectorCachePath) && !Path.IsPathRooted(options.VectorCachePath))
            options.VectorCachePath = Path.GetFullPath(Path.Combine(root ?? Directory.GetCurrentDirectory(), options.VectorCachePath));
    }

    private static string ResolveKnowledgePath(string path, string? root)
    {
        if (Path.IsPathRooted(path)) return path;
        var here = Path.GetFullPath(path);
        if (Directory.Exists(here) || root is null) return here;
        return Path.GetFullPath(Path.Combine(root, path));
    }

    /// <summary>The folder relative data paths (versions, question log, feedback database) are resolved against: the repository root, else the current folder.</summary>
    public static string DataRoot() => RepositoryRoot() ?? Directory.GetCurrentDirectory();

    /// <summary>The nearest folder holding SourceBot.sln, looking up from the current folder and then from the executable.</summary>
    public static string? RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "SourceBot.sln"))) return dir.FullName;
            }
        }
        return null;
    }
}
