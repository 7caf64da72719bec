using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SourceBot.Core.Libraries;
using SourceBot.Core.Moderation;
using SourceBot.Hosting;

namespace SourceBot.Cli;

/// <summary>`kb library …`: list the libraries, create one (empty or as a copy), and choose a server's library.</summary>
internal static class LibraryCommands
{
    public static Command Create(Option<string> libraryOption)
    {
        var library = new Command("library", "Libraries: knowledge sets with their own sources, versions, history and question log; a server can have its own.");
        library.Subcommands.Add(List());
        library.Subcommands.Add(New(libraryOption));
        library.Subcommands.Add(Use());
        return library;
    }

    private static Command List()
    {
        var command = new Command("list", "Every library, with who created it and from what.");
        command.SetAction((parse, ct) => WithLibraries(async libraries =>
        {
            foreach (var l in await libraries.ListAsync(ct))
            {
                Console.WriteLine(l.Id == LibraryId.Default
                    ? $"{l.Id,-20} the bundled knowledge"
                    : $"{l.Id,-20} created {l.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm}Z by {l.CreatedByName}, {(l.CopiedFrom is null ? "empty" : "copy of " + l.CopiedFrom)}");
            }
            return 0;
        }));
        return command;
    }

    private static Command New(Option<string> libraryOption)
    {
        var id = new Argument<string>("id") { Description = "The new library's id: 2 to 32 lower-case letters, digits or '-', starting with a letter." };
        var copy = new Option<bool>("--copy") { Description = "Start as a copy of the draft of the library given with --library (default: the bundled one) instead of empty." };
        var server = new Option<string?>("--server") { Description = "A Discord server id that should answer from the new library." };
        var by = new Option<string?>("--by") { Description = "Who creates it (default: your login name)." };
        var command = new Command("create", "Create a library, empty or as a copy of another library's draft.") { id, copy, server, by };
        command.SetAction((parse, ct) => WithLibraries(async libraries =>
        {
            var from = parse.GetValue(copy) ? parse.GetValue(libraryOption) ?? LibraryId.Default : null;
            return Report(await libraries.CreateAsync(Actor.CommandLine(parse.GetValue(by)), parse.GetValue(id)!, from, parse.GetValue(server), ct));
        }));
        return command;
    }

    private static Command Use()
    {
        var id = new Argument<string>("id") { Description = "The library the server should answer from." };
        var server = new Argument<string>("server") { Description = "The Discord server id." };
        var command = new Command("use", "Make a Discord server answer from (and moderate) a library.") { id, server };
        command.SetAction((parse, ct) => WithLibraries(async libraries =>
        {
            var serverId = parse.GetValue(server)!;
            if (serverId.Length == 0 || !serverId.All(char.IsAsciiDigit))
            {
                await Console.Error.WriteLineAsync($"'{serverId}' is not a server id (digits only).");
                return 2;
            }
            return Report(await libraries.UseAsync(Actor.CommandLine(), parse.GetValue(id)!, serverId, ct));
        }));
        return command;
    }

    private static async Task<int> WithLibraries(Func<ILibraries, Task<int>> run)
    {
        var builder = SourceBotHost.CreateBuilder();
        using var host = builder.Build();
        return await run(host.Services.GetRequiredService<ILibraries>());
    }

    private static int Report(LibraryResult result)
    {
        if (result.Succeeded)
        {
            Console.WriteLine(result.Message);
            return 0;
        }
        Console.Error.WriteLine(result.Message);
        return result.Outcome is LibraryOutcome.InvalidId ? 2 : 3;
    }
}
