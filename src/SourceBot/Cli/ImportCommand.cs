using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SourceBot.Core.Engine;
using SourceBot.Core.Import;
using SourceBot.Core.Libraries;
using SourceBot.Core.Moderation;
using SourceBot.Core.Storage;
using SourceBot.Hosting;

namespace SourceBot.Cli;

/// <summary>`import FILE`: a raw page dump into a knowledge file, with a report of what was kept and dropped.</summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var page = new ImportArguments(
            idDescription: "Source id, used as the file name in the knowledge folder (lower-case letters, digits, '-', '_', '.').",
            authorDescription: "An author (repeat for several), when the page does not name them.",
            dateDescription: "Publication date (e.g. 2010-09-13), when the page lacks it.",
            urlDescription: "The article's address, when known; never guessed.");
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the report and the ids it would assign, but write nothing." };
        var library = LibraryOption.Create();
        var command = new Command("import", "Import a raw page dump into the knowledge folder as one clean source file, and print what was kept and dropped. With --library (or a shared database), into that library's draft, recorded in its history as `kb add` does.");
        page.AddTo(command);
        command.Options.Add(dryRun);
        command.Options.Add(library);
        command.SetAction(async (parse, ct) =>
        {
            if (page.ExistingFile(parse) is not { } path) return 2;
            if (LibraryOption.Read(parse, library, out var bad) is not { } libraryId) return bad;
            // An import that fails (no article body, a bad knowledge file) reaches Program's handler: one line, exit 3.
            var builder = SourceBotHost.CreateBuilder();
            using var host = builder.Build();
            var options = host.Services.GetRequiredService<IOptions<EngineOptions>>().Value;
            var bundledFolder = libraryId == LibraryId.Default && host.Services.GetRequiredService<IKnowledgeStore>() is FileKnowledgeStore;
            if (!bundledFolder) return await IntoLibraryAsync(host.Services, libraryId, path.FullName, page.Options(parse, parse.GetValue(dryRun)), ct);
            var result = SourceImporter.ImportInto(options.KnowledgePath, path.FullName, page.Options(parse, parse.GetValue(dryRun)));
            Console.Out.Write(result.Report.Format());
            // `import` writes the file and nothing else, like an edit by hand or a merged pull request; `kb add` does the
            // same import and also records who, when and why in the history.
            var live = await host.Services.GetRequiredService<IKnowledgeStore>().LatestVersionAsync(ct);
            Console.WriteLine(result.Path is null ? "Dry run: nothing written."
                : live is null ? $"Wrote {result.Path}. `ask`, `chat` and `run` answer from it from their next start (`build` trains for it now)."
                : $"Wrote {result.Path} into the draft (not in `kb history`; `kb add` records who and why). v{live.Version} stays live until `kb publish`.");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// A library kept anywhere but the bundled folder has no file to edit by hand: the page goes into its draft as `kb add`
    /// puts it (limits, edit lock, history), by the command line's user.
    /// </summary>
    private static async Task<int> IntoLibraryAsync(IServiceProvider services, string libraryId, string path, ImportOptions importOptions, CancellationToken ct)
    {
        var service = await services.GetRequiredService<LibraryHub>().ServiceAsync(libraryId, ct);
        if (importOptions.DryRun)
        {
            var draft = (await service.Store.ReadDraftAsync(ct)).Parse(service.DraftPath, allowEmpty: true);
            var preview = SourceImporter.ImportAgainst(path, id => draft.Sources.FirstOrDefault(s => s.Id == id), importOptions);
            Console.Out.Write(preview.Report.Format());
            Console.WriteLine("Dry run: nothing written.");
            return 0;
        }
        var result = await service.AddSourceFromFileAsync(Actor.CommandLine(null), path, importOptions, why: "import", ct);
        if (result.ImportReport is { } report) Console.Out.Write(report.Format());
        if (!result.Succeeded)
        {
            await Console.Error.WriteLineAsync(result.Message);
            return 3;
        }
        Console.WriteLine($"{result.Message} in library '{libraryId}' (change #{result.Change?.Sequence}; draft, not live until `kb --library {libraryId} publish`).");
        return 0;
    }
}
