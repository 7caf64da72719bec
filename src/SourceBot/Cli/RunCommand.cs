using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SourceBot.Core.Knowledge;
using SourceBot.Discord;
using SourceBot.Hosting;

namespace SourceBot.Cli;

/// <summary>`run`: the Discord bot, until Ctrl+C or SIGTERM, which close the gateway cleanly.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Start the Discord bot (needs a bot token: SourceBot:Discord:Token in appsettings.json, SOURCEBOT__DISCORD__TOKEN or user secrets).");
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var builder = SourceBotHost.CreateBuilder(minimumLevel: LogLevel.Information);
                builder.Services.AddSourceBotDiscord(builder.Configuration);
                using var host = builder.Build();
                // Load the knowledge and models before connecting, so the first question is answered at once.
                host.Services.GetRequiredService<Core.Engine.AnswerEngine>();
                var status = host.Services.GetRequiredService<DiscordBotStatus>();
                await host.RunAsync(ct);
                if (status.FatalError is { } fatal)
                {
                    await Console.Error.WriteLineAsync(fatal.Message);
                    return 1;
                }
                return 0;
            }
            catch (DiscordConfigurationException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return 1;
            }
            catch (OptionsValidationException ex)
            {
                await Console.Error.WriteLineAsync("Configuration error: " + string.Join(" ", ex.Failures));
                return 1;
            }
            catch (KnowledgeFormatException ex)
            {
                await Console.Error.WriteLineAsync("Knowledge error: " + ex.Message);
                return 3;
            }
        });
        return command;
    }
}
