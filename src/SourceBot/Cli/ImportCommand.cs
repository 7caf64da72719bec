using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SourceBot.Core.Engine;
using SourceBot.Core.Import;
using SourceBot.Core.Moderation;
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
        var command = new Command("import", "Import a raw page dump into the knowledge folder as one clean source file, and print what was kept and dropped.");
        page.AddTo(command);
        command.Options.Add(dryRun);
        command.SetAction(async (parse, ct) =>
        {
            if (page.ExistingFile(parse) is not { } path) return 2;
            // An import that fails (no article body, a bad knowledge file) reaches Program's handler: one line, exit 3.
            var builder = SourceBotHost.CreateBuilder();
            using var host = builder.Build();
            var options = host.Services.GetRequiredService<IOptions<EngineOptions>>().Value;
            var moderation = host.Services.GetRequiredService<IOptions<ModerationOptions>>().Value;
            var result = SourceImporter.ImportInto(options.KnowledgePath, path.FullName, page.Options(parse, parse.GetValue(dryRun)));
            Console.Out.Write(result.Report.Format());
            // `import` writes the file and nothing else, like an edit by hand or a merged pull request; `kb add` does the
            // same import and also records who, when and why in the history.
            var live = new VersionStore(moderation.VersionsPath).Latest();
            Console.WriteLine(result.Path is null ? "Dry run: nothing written."
                : live is null ? $"Wrote {result.Path}. `ask`, `chat` and `run` answer from it from their next start (`build` trains for it now)."
                : $"Wrote {result.Path} into the draft (not in `kb history`; `kb add` records who and why). v{live.Version} stays live until `kb publish`.");
            await Task.CompletedTask;
            return 0;
        });
        return command;
    }
}
