using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SourceBot.Core.Engine;

namespace SourceBot.Hosting;

/// <summary>Builds the generic host every verb runs in: configuration (appsettings.json, environment, user secrets), logging to stderr, engine options.</summary>
public static class SourceBotHost
{
    public static HostApplicationBuilder CreateBuilder(string[]? configArgs = null, LogLevel minimumLevel = LogLevel.Warning)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = configArgs ?? [],
            ContentRootPath = Directory.GetCurrentDirectory(),
            DisableDefaults = false,
        });
        builder.Configuration.AddUserSecrets(typeof(SourceBotHost).Assembly, optional: true);
        builder.Logging.ClearProviders();
        // stdout belongs to answers (and JSON lines); every log line goes to stderr.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(minimumLevel);
        builder.Services.AddOptions<EngineOptions>()
            .Bind(builder.Configuration.GetSection(EngineOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart()
            .PostConfigure(ResolvePaths);
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EngineOptions>>().Value;
            return AnswerEngine.Load(options, sp.GetRequiredService<ILoggerFactory>().CreateLogger<AnswerEngine>());
        });
        builder.Services.AddSingleton<IAnswerService>(sp => sp.GetRequiredService<AnswerEngine>());
        return builder;
    }

    /// <summary>
    /// Relative paths are tried against the current folder first, then against the repository the executable was built
    /// from, so `dotnet run --project src/SourceBot` works from any folder of a clone.
    /// </summary>
    private static void ResolvePaths(EngineOptions options)
    {
        var root = RepositoryRoot();
        options.KnowledgePath = Resolve(options.KnowledgePath, root, mustExist: true);
        options.CachePath = Path.IsPathRooted(options.CachePath)
            ? options.CachePath
            : Path.GetFullPath(Path.Combine(root ?? Directory.GetCurrentDirectory(), options.CachePath));
    }

    private static string Resolve(string path, string? root, bool mustExist)
    {
        if (Path.IsPathRooted(path)) return path;
        var here = Path.GetFullPath(path);
        if (Directory.Exists(here) || root is null || !mustExist) return here;
        return Path.GetFullPath(Path.Combine(root, path));
    }

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
