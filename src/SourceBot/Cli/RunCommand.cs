using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SourceBot.Discord;
using SourceBot.Discord.Client.Gateway;
using SourceBot.Hosting;
using SourceBot.Operations;

namespace SourceBot.Cli;

/// <summary>
/// `run`: the Discord bot, until Ctrl+C or SIGTERM, which close the gateway cleanly; with SourceBot:Operations:Urls, also its
/// metrics and health over HTTP (<see cref="OperationsEndpoint"/>).
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Start the Discord bot (needs a bot token: SourceBot:Discord:Token in appsettings.json, SOURCEBOT__DISCORD__TOKEN or user secrets).");
        command.SetAction(async (parse, ct) =>
        {
            // Errors (a bad token or setting, bad knowledge) reach Program's handler, which prints one line (CliErrors).
            var builder = SourceBotHost.CreateBuilder(minimumLevel: LogLevel.Information);
            builder.Services.AddSourceBotDiscord(builder.Configuration);
            builder.Services.AddSourceBotOperations(builder.Configuration);
            using var host = builder.Build();
            // Bind and validate every setting before the host starts: a bad value then fails here as one line, instead of
            // inside StartAsync, where the host would first log it with a stack trace.
            _ = host.Services.GetRequiredService<IOptions<Core.Engine.EngineOptions>>().Value;
            _ = host.Services.GetRequiredService<IOptions<Core.Moderation.ModerationOptions>>().Value;
            _ = host.Services.GetRequiredService<IOptions<DiscordOptions>>().Value;
            var operationsOptions = host.Services.GetRequiredService<IOptions<OperationsOptions>>().Value;
            // Up before the engine loads (minutes on a large corpus): /health/live answers, /health/ready says what it waits for.
            var engineLoaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var operations = await OperationsEndpoint.StartAsync(operationsOptions, host.Services.GetRequiredService<IShardStatus>(),
                engineLoaded.Task, host.Services.GetRequiredService<ILoggerFactory>(), ct);
            // Load the knowledge and models before connecting, so the first question is answered at once.
            await host.Services.GetRequiredService<Core.Libraries.LibraryHub>().LoadDefaultAsync(ct);
            engineLoaded.SetResult();
            var status = host.Services.GetRequiredService<DiscordBotStatus>();
            await host.RunAsync(ct);
            if (status.FatalError is { } fatal)
            {
                await Console.Error.WriteLineAsync(fatal.Message);
                return 1;
            }
            return 0;
        });
        return command;
    }
}
