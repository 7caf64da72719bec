using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SourceBot.Core.Engine;
using SourceBot.Core.Moderation;
using SourceBot.Core.Evaluation;
using SourceBot.Core.Knowledge;
using SourceBot.Hosting;

namespace SourceBot.Cli;

/// <summary>The command line: one verb per job, each with --help.</summary>
public static class Commands
{
    public static RootCommand Build()
    {
        var root = new RootCommand("SourceBot answers questions from a set of sources with verbatim quotes, their footnotes and a citation.");
        root.Subcommands.Add(Ask());
        var chat = Chat();
        root.Subcommands.Add(chat);
        // No verb: the local chat, which needs no Discord token.
        root.Action = chat.Action;
        root.Subcommands.Add(Eval());
        root.Subcommands.Add(BuildModels());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ModerationCommands.Create());
        return root;
    }

    private static Command Ask()
    {
        var question = new Argument<string[]>("question") { Description = "The question (quotes optional: several words are joined). Leave it out with --json to read one question per line from standard input.", Arity = ArgumentArity.ZeroOrMore };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per answer instead of text." };
        var library = LibraryOption.Create();
        var command = new Command("ask", "Answer a question from the bundled knowledge (or a library's).") { question, json, library };
        command.SetAction(async (parse, ct) =>
        {
            if (LibraryOption.Read(parse, library, out var bad) is not { } libraryId) return bad;
            var words = parse.GetValue(question) ?? [];
            string? q = words.Length == 0 ? null : string.Join(' ', words);
            bool asJson = parse.GetValue(json);
            if (q is null && !asJson)
            {
                await Console.Error.WriteLineAsync("Give a question, e.g.  ask \"What do the sources say about …?\"  (or use --json and pipe questions in, one per line; `chat` asks one after another).");
                return 2;
            }
            return await WithEngine(libraryId, ct, async (engine, services) =>
            {
                if (q is not null)
                {
                    var answer = await engine.AskAsync(q, ct);
                    await QuestionLogging.RecordAsync(services, engine, answer, ct);
                    Console.Out.Write(asJson ? AnswerFormatter.JsonLine(answer) + Environment.NewLine : AnswerFormatter.Text(answer));
                    return 0;
                }
                string? line;
                while ((line = await Console.In.ReadLineAsync(ct)) is not null)
                {
                    var answer = await engine.AskAsync(line, ct);
                    await QuestionLogging.RecordAsync(services, engine, answer, ct);
                    await Console.Out.WriteLineAsync(AnswerFormatter.JsonLine(answer));
                }
                return 0;
            });
        });
        return command;
    }

    private static Command Chat()
    {
        var command = new Command("chat", "Ask questions interactively on the bundled knowledge; no Discord token needed. :help lists the commands for reading around a quote, other matches and citations; an empty line or Ctrl+D quits.");
        var library = LibraryOption.Create();
        command.Options.Add(library);
        command.SetAction(async (parse, ct) => LibraryOption.Read(parse, library, out var bad) is not { } libraryId ? bad : await WithEngine(libraryId, ct, async (engine, services) =>
        {
            var session = new ChatSession(engine, Console.In, Console.Out, (answer, token) => QuestionLogging.RecordAsync(services, engine, answer, token));
            await session.RunAsync(ct);
            return 0;
        }));
        return command;
    }

    private static Command Eval()
    {
        var file = new Option<FileInfo?>("--questions") { Description = "A question set in the dev-set format (JSON lines). Default: ../shared/eval/dev-questions.jsonl next to the repository." };
        var folder = new Option<DirectoryInfo?>("--knowledge") { Description = "Evaluate on this knowledge folder instead of the live version; nothing in knowledge/ or the published versions is touched." };
        var seeds = new Option<string?>("--seeds") { Description = "Training seeds to evaluate, comma-separated (e.g. 1,2,3); the report shows each and the worst. Default: the configured Seed." };
        var json = new Option<bool>("--json") { Description = "Print the reports as JSON." };
        var library = LibraryOption.Create();
        var command = new Command("eval", "Measure BM25, the embedder alone and SourceBot on a question set: quote and passage hit@1, hit@3, MRR, footnote citations, refusals per kind, misses.") { file, folder, seeds, json, library };
        command.SetAction(async (parse, ct) =>
        {
            if (LibraryOption.Read(parse, library, out var bad) is not { } libraryId) return bad;
            var path = parse.GetValue(file)?.FullName ?? DefaultQuestions();
            if (path is null || !File.Exists(path))
            {
                await Console.Error.WriteLineAsync($"No question file found{(path is null ? "" : $" at {path}")}; pass one with --questions FILE.");
                return 2;
            }
            if (!TryParseSeeds(parse.GetValue(seeds), out var seedList))
            {
                await Console.Error.WriteLineAsync("--seeds takes whole numbers separated by commas, e.g. --seeds 1,2,3.");
                return 2;
            }
            var knowledgeFolder = parse.GetValue(folder);
            if (knowledgeFolder is not null && !knowledgeFolder.Exists)
            {
                await Console.Error.WriteLineAsync($"Knowledge folder '{knowledgeFolder.FullName}' does not exist.");
                return 2;
            }
            // Read the questions and the knowledge first: a broken file is reported at once, before any training.
            var questions = QuestionSet.Load(path);
            var builder = SourceBotHost.CreateBuilder();
            using var host = builder.Build();
            var engines = host.Services.GetRequiredService<EngineFactory>();
            var knowledge = knowledgeFolder is not null ? KnowledgeDirectory.Load(knowledgeFolder.FullName)
                : await LibraryOption.LiveKnowledgeAsync(host.Services, libraryId, ct);
            var reports = new List<EvalReport>();
            foreach (var seed in seedList.Count == 0 ? [engines.Options.Seed] : seedList)
            {
                ct.ThrowIfCancellationRequested();
                var options = engines.Options.Copy();
                options.Seed = seed;
                using var factory = engines.With(options);
                using var engine = new AnswerEngine(factory.Build(knowledge, cancellationToken: ct), options);
                var report = Evaluator.Run(engine, questions) with { Seed = seed };
                reports.Add(report);
                if (!parse.GetValue(json)) Console.Out.Write(EvalFormatter.Text(report, path));
            }
            if (parse.GetValue(json)) Console.Out.Write(System.Text.Json.JsonSerializer.Serialize(reports, AnswerFormatter.Json) + Environment.NewLine);
            else if (reports.Count > 1) Console.Out.Write(EvalFormatter.Spread(reports));
            return 0;
        });
        return command;
    }

    private static bool TryParseSeeds(string? text, out List<int> seeds)
    {
        seeds = [];
        if (string.IsNullOrWhiteSpace(text)) return true;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seed)) return false;
            if (!seeds.Contains(seed)) seeds.Add(seed);
        }
        return seeds.Count > 0;
    }

    private static Command BuildModels()
    {
        var command = new Command("build", "Train the models for the knowledge that ask, chat and run answer from (the library's latest published version, else its draft) now and cache them, so the next start only loads.");
        var library = LibraryOption.Create();
        command.Options.Add(library);
        command.SetAction(async (parse, ct) =>
        {
            if (LibraryOption.Read(parse, library, out var bad) is not { } libraryId) return bad;
            var builder = SourceBotHost.CreateBuilder(minimumLevel: LogLevel.Information);
            using var host = builder.Build();
            var engines = host.Services.GetRequiredService<EngineFactory>();
            var watch = Stopwatch.StartNew();
            // The live version, not the draft: a cache for the draft would be loaded by nothing until it is published
            // (and `kb publish` trains the draft itself).
            var service = await host.Services.GetRequiredService<Core.Libraries.LibraryHub>().ServiceAsync(libraryId, ct);
            var live = await service.LatestVersionAsync(ct);
            var knowledge = await LibraryOption.LiveKnowledgeAsync(host.Services, libraryId, ct);
            using var snapshot = engines.Build(knowledge, forceRebuild: true, ct);
            var what = live is null ? $"the draft {service.DraftPath}" : $"published version v{live.Version}";
            Console.WriteLine($"Built model {snapshot.ModelHash} for {what} of library '{libraryId}': {knowledge.Sources.Length} sources, {knowledge.Passages.Length} passages in {watch.Elapsed.TotalSeconds:0.0} s; cached under {engines.Options.CachePath}.");
            return 0;
        });
        return command;
    }

    /// <summary>Starts the host, loads the engine (cached models when present) and runs the verb; clear one-line errors for bad knowledge or config.</summary>
    internal static Task<int> WithEngine(Func<AnswerEngine, Task<int>> run) => WithEngine(Core.Libraries.LibraryId.Default, default, (engine, _) => run(engine));

    internal static async Task<int> WithEngine(string libraryId, CancellationToken cancellationToken, Func<AnswerEngine, IServiceProvider, Task<int>> run)
    {
        // Bad knowledge or settings surface as exceptions that Program turns into one line (CliErrors).
        var builder = SourceBotHost.CreateBuilder();
        using var host = builder.Build();
        AnswerEngine engine;
        try
        {
            engine = await LibraryOption.EngineAsync(host.Services, libraryId, cancellationToken);
        }
        catch (Core.Storage.KnowledgeStoreException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 3;
        }
        return await run(engine, host.Services);
    }

    private static string? DefaultQuestions()
    {
        var root = SourceBotHost.RepositoryRoot();
        return root is null ? null : Path.GetFullPath(Path.Combine(root, "..", "shared", "eval", "dev-questions.jsonl"));
    }
}
