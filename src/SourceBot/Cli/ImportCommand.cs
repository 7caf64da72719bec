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
        var file = new Argument<FileInfo>("file") { Description = "The raw page text (a copy of the web page as plain text)." };
        var id = new Option<string?>("--id") { Description = "Source id, used as the file name in the knowledge folder (lower-case letters, digits, '-', '_', '.')." };
        var title = new Option<string?>("--title") { Description = "Title, when the page's own is missing or wrong." };
        var authors = new Option<string[]>("--author") { Description = "An author (repeat for several), when the page does not name them.", AllowMultipleArgumentsPerToken = false };
        var publisher = new Option<string?>("--publisher") { Description = "Publisher, when the page does not name it." };
        var date = new Option<string?>("--date") { Description = "Publication date (e.g. 2010-09-13), when the page lacks it." };
        var url = new Option<string?>("--url") { Description = "The article's address, when known; never guessed." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the report and the ids it would assign, but write nothing." };
        var command = new Command("import", "Import a raw page dump into the knowledge folder as one clean source file, and print what was kept and dropped.")
        {
            file, id, title, authors, publisher, date, url, dryRun,
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"No such file: {path.FullName}");
                return 2;
            }
            // An import that fails (no article body, a bad knowledge file) reaches Program's handler: one line, exit 3.
            var builder = SourceBotHost.CreateBuilder();
            using var host = builder.Build();
            var options = host.Services.GetRequiredService<IOptions<EngineOptions>>().Value;
            var moderation = host.Services.GetRequiredService<IOptions<ModerationOptions>>().Value;
            var importOptions = new ImportOptions(
                parse.GetValue(id), parse.GetValue(title),
                parse.GetValue(authors) is { Length: > 0 } a ? a : null,
                parse.GetValue(publisher), parse.GetValue(date), parse.GetValue(url), DryRun: parse.GetValue(dryRun));
            var result = SourceImporter.ImportInto(options.KnowledgePath, path.FullName, importOptions);
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
