using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SourceBot.Core.Answers;
using SourceBot.Core.Engine;
using SourceBot.Core.Feedback;
using SourceBot.Core.Import;
using SourceBot.Core.Knowledge;
using SourceBot.Core.Libraries;
using SourceBot.Core.Storage;
using SourceBot.Core.Moderation;
using SourceBot.Core.QuestionLog;
using SourceBot.Hosting;

namespace SourceBot.Cli;

/// <summary>
/// `kb …`: the moderators' verbs (issue #5). Changes go to the draft (the knowledge folder) with who and why; `publish`
/// makes them live, `rollback` returns to an earlier version, `history` lists every step.
/// </summary>
public static class ModerationCommands
{
    public static Command Create()
    {
        var kb = new Command("kb", "Moderate the knowledge: add sources, edit, hide, teach; preview, publish and roll back; history and gaps. Changes are drafts until `kb publish`.");
        kb.Subcommands.Add(Add());
        kb.Subcommands.Add(Edit());
        kb.Subcommands.Add(Hide(hidden: true));
        kb.Subcommands.Add(Hide(hidden: false));
        kb.Subcommands.Add(Meta());
        kb.Subcommands.Add(Teach());
        kb.Subcommands.Add(Untaught());
        kb.Subcommands.Add(Taught());
        kb.Subcommands.Add(Candidates());
        kb.Subcommands.Add(Status());
        kb.Subcommands.Add(Preview());
        kb.Subcommands.Add(Publish());
        kb.Subcommands.Add(Rollback());
        kb.Subcommands.Add(History());
        kb.Subcommands.Add(Gaps());
        kb.Subcommands.Add(LibraryCommands.Create(LibraryOption));
        kb.Options.Add(LibraryOption);
        return kb;
    }

    /// <summary>Which library a verb reads or changes; every `kb` verb takes it.</summary>
    internal static readonly Option<string> LibraryOption = Cli.LibraryOption.Create(recursive: true);

    private static Option<string?> By() => new("--by") { Description = "Who makes the change (default: your login name)." };

    private static Option<string?> Why() => new("--why") { Description = "Why: recorded in the history." };

    private static Command Add()
    {
        var page = new ImportArguments(
            idDescription: "Source id (file name in the knowledge folder); default from the file name or the title.",
            authorDescription: "An author (repeat for several).",
            dateDescription: "Publication date, when the page lacks it.",
            urlDescription: "The article's address, when known.");
        var by = By();
        var why = Why();
        var command = new Command("add", "Add a source (or re-import one, keeping its passage ids) from a raw page dump, into the draft.");
        page.AddTo(command);
        command.Options.Add(by);
        command.Options.Add(why);
        command.SetAction((parse, ct) => Run(parse, async service =>
        {
            // A file that isn't there is a usage mistake (exit 2), as for `import`; what the file holds is judged by Core.
            if (page.ExistingFile(parse) is not { } file) return 2;
            var result = await service.AddSourceFromFileAsync(Actor.CommandLine(parse.GetValue(by)), file.FullName, page.Options(parse), parse.GetValue(why), ct);
            if (result.ImportReport is { } report) Console.Out.Write(report.Format());
            return Report(result);
        }));
        return command;
    }

    private static Command Edit()
    {
        var passage = new Argument<string>("passage") { Description = "The passage id, e.g. source#p4 (as `kb candidates` lists them)." };
        var text = new Option<string?>("--text") { Description = "The passage's new text (inline footnote markers like [3] included)." };
        var textFile = new Option<FileInfo?>("--text-file") { Description = "Read the new text from a file instead." };
        var by = By();
        var why = Why();
        var command = new Command("edit", "Replace a passage's text in the draft. An empty text is refused (hide the passage instead).") { passage, text, textFile, by, why };
        command.SetAction((parse, ct) => Run(parse, async service =>
        {
            string? newText = parse.GetValue(text);
            if (parse.GetValue(textFile) is { } f)
            {
                if (!f.Exists) return Fail($"No such file: {f.FullName}", 2);
                newText = await File.ReadAllTextAsync(f.FullName, ct);
            }
            if (newText is null) return Fail("Give the new text with --text \"…\" or --text-file FILE.", 2);
            return Report(await service.EditPassageAsync(Actor.CommandLine(parse.GetValue(by)), parse.GetValue(passage)!, newText, parse.GetValue(why), ct));
        }));
        return command;
    }

    private static Command Hide(bool hidden)
    {
        var passage = new Argument<string>("passage") { Description = "The passage id, e.g. source#p4 (as `kb candidates` lists them)." };
        var by = By();
        var why = Why();
        var command = new Command(hidden ? "hide" : "unhide", hidden
            ? "Hide a passage from answers in the draft (it keeps its id)."
            : "Show a hidden passage in answers again, in the draft.") { passage, by, why };
        command.SetAction((parse, ct) => Run(parse, async service =>
            Report(await service.SetHiddenAsync(Actor.CommandLine(parse.GetValue(by)), parse.GetValue(passage)!, hidden, parse.GetValue(why), ct))));
        return command;
    }

    private static Command Meta()
    {
        var source = new Argument<string>("source") { Description = "The source id, e.g. 003." };
        var title = new Option<string?>("--title") { Description = "New title." };
        var authors = new Option<string[]>("--author") { Description = "Authors (repeat for several; replaces the list)." };
        var publisher = new Option<string?>("--publisher") { Description = "New publisher (\"\" clears it)." };
        var date = new Option<string?>("--date") { Description = "New date (\"\" clears it)." };
        var url = new Option<string?>("--url") { Description = "New url (\"\" clears it)." };
        var by = By();
        var why = Why();
        var command = new Command("meta", "Change a source's title, authors, publisher, date or url in the draft.") { source, title, authors, publisher, date, url, by, why };
        command.SetAction((parse, ct) => Run(parse, async service =>
        {
            var edit = new MetadataEdit(parse.GetValue(title), parse.GetValue(authors) is { Length: > 0 } a ? a : null,
                parse.GetValue(publisher), parse.GetValue(date), parse.GetValue(url));
            return Report(await service.EditMetadataAsync(Actor.CommandLine(parse.GetValue(by)), parse.GetValue(source)!, edit, parse.GetValue(why), ct));
        }));
        return command;
    }

    private static Command Teach()
    {
        var question = new Argument<string>("question") { Description = "The question, as a reader asked it." };
        var passage = new Argument<string?>("passage") { Description = "The passage that answers it, e.g. source#p4 (as `kb candidates` lists them) (see `kb candidates`).", Arity = ArgumentArity.ZeroOrOne };
        var notCovered = new Option<bool>("--not-covered") { Description = "The sources do not cover this question: teach SourceBot to say so." };
        var by = By();
        var why = Why();
        var command = new Command("teach", "Teach the passage that answers a question (or --not-covered); used in training from the next publish.") { question, passage, notCovered, by, why };
        command.SetAction((parse, ct) => Run(parse, async service =>
        {
            var p = parse.GetValue(passage);
            bool none = parse.GetValue(notCovered);
            if (p is null == !none) return Fail("Give either a passage id or --not-covered (not both).", 2);
            return Report(await service.TeachAsync(Actor.CommandLine(parse.GetValue(by)), parse.GetValue(question)!, none ? null : p, parse.GetValue(why), ct));
        }));
        return command;
    }

    private static Command Untaught()
    {
        var id = new Argument<string>("id") { Description = "The taught question's id, e.g. t3 (see `kb taught`)." };
        var by = By();
        var why = Why();
        var command = new Command("untaught", "Remove a taught question from the draft.") { id, by, why };
        command.SetAction((parse, ct) => Run(parse, async service =>
            Report(await service.RemoveTaughtAsync(Actor.CommandLine(parse.GetValue(by)), parse.GetValue(id)!, parse.GetValue(why), ct))));
        return command;
    }

    private static Command Taught()
    {
        var passage = new Argument<string?>("passage") { Description = "Only the questions taught for this passage.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("taught", "List the taught questions (per passage), who taught them, and whether they are live yet.") { passage };
        command.SetAction((parse, ct) => Run(parse, async service =>
        {
            var list = await service.ListTaughtAsync(parse.GetValue(passage), ct);
            if (list.IsEmpty) Console.WriteLine("No taught questions" + (parse.GetValue(passage) is { } p ? $" for {p}." : "."));
            foreach (var group in list.GroupBy(l => l.Taught.PassageId ?? "not covered"))
            {
                Console.WriteLine(group.Key + ":");
                foreach (var l in group)
                {
                    var state = (l.Published ? "live" : "pending") + (l.PassageState == "ok" || l.PassageState == "not covered" ? "" : ", " + l.PassageState);
                    Console.WriteLine($"  {l.Taught.Id,-5} \"{l.Taught.Question}\"  by {l.Taught.ByName}, {l.Taught.At.UtcDateTime:yyyy-MM-dd HH:mm}Z [{state}]" +
                        (l.Taught.Why is null ? "" : $"  why: {l.Taught.Why}"));
                }
            }
            return 0;
        }));
        return command;
    }

    private static Command Candidates()
    {
        var question = new Argument<string>("question") { Description = "The question to find candidate passages for." };
        var count = new Option<int>("--count") { Description = "How many candidates.", DefaultValueFactory = _ => 5 };
        var command = new Command("candidates", "The top passages for a question on the live version: what to pick from when teaching.") { question, count };
        command.SetAction(async (parse, ct) => Cli.LibraryOption.Read(parse, LibraryOption, out var bad) is not { } libraryId ? bad : await Commands.WithEngine(libraryId, ct, (engine, _) =>
        {
            var list = KnowledgeService.TeachCandidates(engine, parse.GetValue(question)!, Math.Clamp(parse.GetValue(count), 1, 20));
            if (list.IsEmpty) Console.WriteLine("No candidate passages: none of the question's words appear in the sources.");
            foreach (var c in list) Console.WriteLine($"{c.PassageId,-12} {c.Score:0.000}  {Shorten(c.Quote, 100)}");
            return Task.FromResult(0);
        }));
        return command;
    }

    private static Command Status()
    {
        var command = new Command("status", "Which version is live and what the draft changes relative to it.");
        command.SetAction((parse, ct) => Run(parse, async service =>
        {
            var s = await service.StatusAsync(ct);
            Console.WriteLine(s.LiveVersion is int v ? $"Live: v{v} (knowledge {s.LiveHash[..12]})" : $"Live: the knowledge folder (nothing published yet; knowledge {s.LiveHash[..12]})");
            if (s.DraftError is not null) return Fail("Draft has a bad file: " + s.DraftError, 3);
            if (s.UnpublishedChanges.IsEmpty) Console.WriteLine("Draft: same as live.");
            else
            {
                Console.WriteLine($"Draft: {s.UnpublishedChanges.Length} unpublished changes:");
                foreach (var c in s.UnpublishedChanges) Console.WriteLine("  " + c);
            }
            return 0;
        }));
        return command;
    }

    private static Command Preview()
    {
        var file = new Option<FileInfo?>("--questions") { Description = "More questions to replay: one per line, or JSON lines with a \"q\" field (the eval format)." };
        var json = new Option<bool>("--json") { Description = "Print the changed answers as JSON lines." };
        var command = new Command("preview", "Replay the taught questions, recent logged questions and any --questions file on the live version and the draft; list the answers that change.") { file, json };
        command.SetAction((parse, ct) => Run(parse, async service =>
        {
            List<string> extra = [];
            if (parse.GetValue(file) is { } f)
            {
                if (!f.Exists) return Fail($"No such question file: {f.FullName}", 2);
                try
                {
                    extra = ReadQuestions(f.FullName);
                }
                catch (FormatException ex)
                {
                    return Fail(ex.Message, 2);
                }
            }
            var report = await service.PreviewAsync(extra, ct);
            if (!report.Succeeded) return Fail(report.Message, 3);
            if (parse.GetValue(json))
            {
                foreach (var c in report.Changes)
                {
                    Console.WriteLine(JsonSerializer.Serialize(new
                    {
                        question = c.Question, origin = c.Origin,
                        live = new { answered = c.Live.Answered, passage_id = c.Live.PassageId, quote = c.Live.Quote },
                        draft = new { answered = c.Draft.Answered, passage_id = c.Draft.PassageId, quote = c.Draft.Quote },
                    }));
                }
                return 0;
            }
            Console.WriteLine("Draft vs live: " + KnowledgeDiff.Summary(report.DraftChanges, 20));
            Console.WriteLine(report.Message);
            foreach (var c in report.Changes)
            {
                Console.WriteLine();
                Console.WriteLine($"[{c.Origin}] {c.Question}");
                Console.WriteLine($"  live  (v{report.LiveVersion}): {Describe(c.Live)}");
                Console.WriteLine($"  draft:     {Describe(c.Draft)}");
            }
            return 0;
        }));
        return command;
    }

    private static Command Publish()
    {
        var by = By();
        var why = Why();
        var command = new Command("publish", "Validate the draft, train its models, check them and make it the live version.") { by, why };
        command.SetAction((parse, ct) => Run(parse, async service =>
        {
            var result = await service.PublishAsync(Actor.CommandLine(parse.GetValue(by)), parse.GetValue(why), ct);
            foreach (var w in result.Warnings.IsDefault ? [] : result.Warnings) Console.Error.WriteLine("warning: " + w);
            return Report(result.Succeeded, result.Message);
        }, LogLevel.Information));
        return command;
    }

    private static Command Rollback()
    {
        var version = new Argument<string>("version") { Description = "The published version to return to, e.g. 2 or v2 (see `kb history`)." };
        var by = By();
        var why = Why();
        var command = new Command("rollback", "Return to an earlier published version in one step: it becomes the draft and is published again as a new version.") { version, by, why };
        command.SetAction((parse, ct) => Run(parse, async service =>
        {
            var text = parse.GetValue(version)!.TrimStart('v', 'V');
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return Fail($"'{parse.GetValue(version)}' is not a version number (e.g. 2 or v2).", 2);
            var result = await service.RollbackAsync(Actor.CommandLine(parse.GetValue(by)), n, parse.GetValue(why), ct);
            return Report(result.Succeeded, result.Message);
        }, LogLevel.Information));
        return command;
    }

    private static Command History()
    {
        var limit = new Option<int>("--last") { Description = "Show only the last N entries (0: all).", DefaultValueFactory = _ => 0 };
        var command = new Command("history", "Every change and publish: who, when, what and why.") { limit };
        command.SetAction((parse, ct) => Run(parse, async service =>
        {
            var history = await service.ListHistoryAsync(ct);
            int n = parse.GetValue(limit);
            if (history.IsEmpty) Console.WriteLine("No changes recorded yet.");
            foreach (var c in n > 0 ? history.TakeLast(n) : history) Console.WriteLine(c.Format());
            var live = await service.LatestVersionAsync(ct);
            if (live is not null) Console.WriteLine($"Live: v{live.Version}.");
            return 0;
        }));
        return command;
    }

    private static Command Gaps()
    {
        var days = new Option<int>("--days") { Description = "Only questions of the last N days (0: all).", DefaultValueFactory = _ => 0 };
        var top = new Option<int>("--top") { Description = "How many groups to show.", DefaultValueFactory = _ => 30 };
        var command = new Command("gaps", "Questions that got no answer or a 👎, grouped by similarity, most asked first.") { days, top };
        command.SetAction((parse, ct) => Run(parse, async service =>
        {
            int d = parse.GetValue(days);
            if (d < 0) return Fail($"--days {d}: give a number of days, or 0 for all.", 2);
            var report = await service.GapsAsync(d > 0 ? service.Time.GetUtcNow().AddDays(-d) : null, ct);
            if (report.Gaps.IsEmpty)
            {
                Console.WriteLine("No gaps: no logged question went unanswered or got a 👎.");
                return 0;
            }
            Console.WriteLine($"{report.MissCount} missed questions in {report.Gaps.Length} groups:");
            foreach (var g in report.Gaps.Take(Math.Max(1, parse.GetValue(top))))
            {
                var kinds = new List<string>();
                if (g.NoAnswerCount > 0) kinds.Add($"{g.NoAnswerCount} no answer");
                if (g.DownVoteCount > 0) kinds.Add($"{g.DownVoteCount} 👎" + (g.PassageIds.IsEmpty ? "" : " on " + string.Join(", ", g.PassageIds)));
                Console.WriteLine($"{g.Count,4}x  {g.Question}  ({string.Join("; ", kinds)}; last {g.LastAsked.UtcDateTime:yyyy-MM-dd})");
                foreach (var v in g.Variants.Take(3)) Console.WriteLine($"        also: {v}");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>Runs a `kb` verb with a <see cref="KnowledgeService"/> on the configured folders (no live engine is loaded: a CLI process has none to swap).</summary>
    private static async Task<int> Run(ParseResult parse, Func<KnowledgeService, Task<int>> action, LogLevel minimumLevel = LogLevel.Warning)
    {
        try
        {
            var library = parse.GetValue(LibraryOption) ?? LibraryId.Default;
            if (library != LibraryId.Default && LibraryId.Problem(library) is { } problem) return Fail(problem, 2);
            var builder = SourceBotHost.CreateBuilder(minimumLevel: minimumLevel);
            using var host = builder.Build();
            if (library != LibraryId.Default)
                return await action(await host.Services.GetRequiredService<LibraryHub>().ServiceAsync(library));
            var engines = host.Services.GetRequiredService<EngineFactory>();
            var options = host.Services.GetRequiredService<IOptions<ModerationOptions>>().Value;
            using var feedback = OpenFeedbackStore(host.Services.GetRequiredService<IConfiguration>());
            // The default library's store as the host wires it: the knowledge folder, or PostgreSQL when configured (and then
            // its feedback too), so `kb` changes what the bots answer from.
            var service = new KnowledgeService(host.Services.GetRequiredService<IKnowledgeStore>(), engines, options, host.Services.GetRequiredService<ILogger<KnowledgeService>>(),
                host.Services.GetRequiredService<TimeProvider>(), host.Services.GetRequiredService<IQuestionLog>(), host.Services.GetService<IFeedbackStore>() ?? feedback);
            await service.RecoverAsync();
            return await action(service);
        }
        // Bad knowledge, settings and databases reach Program's handler (CliErrors, exit 3); a file or folder that cannot be
        // read or written, or an unknown library, is a refused change here, exit 3 like the other refusals of `kb`.
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or KnowledgeStoreException)
        {
            return Fail("Error: " + ex.Message, 3);
        }
    }

    /// <summary>The Discord bot's 👍/👎 store, when it exists, so `gaps` sees votes cast in Discord too.</summary>
    private static SqliteFeedbackStore? OpenFeedbackStore(IConfiguration configuration)
    {
        // Only this one setting is read (a `kb` verb does not validate the bot's other settings); an empty one means the default.
        var discord = new Discord.DiscordOptions();
        if (configuration[$"{Discord.DiscordOptions.SectionName}:{nameof(Discord.DiscordOptions.FeedbackDatabasePath)}"] is { } configured
            && !string.IsNullOrWhiteSpace(configured))
            discord.FeedbackDatabasePath = configured;
        // Resolved as the host resolves it for the bot.
        discord.ResolvePaths(SourceBotHost.DataRoot());
        return File.Exists(discord.FeedbackDatabasePath) ? new SqliteFeedbackStore(discord.FeedbackDatabasePath) : null;
    }

    internal static List<string> ReadQuestions(string path)
    {
        var list = new List<string>();
        int n = 0;
        foreach (var raw in File.ReadLines(path, Encoding.UTF8))
        {
            n++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal)) continue;
            if (!line.StartsWith('{'))
            {
                list.Add(line);
                continue;
            }
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.TryGetProperty("q", out var q) && q.ValueKind == JsonValueKind.String) list.Add(q.GetString()!);
                else throw new FormatException($"{path} line {n}: a JSON line needs a \"q\" field.");
            }
            catch (JsonException ex)
            {
                throw new FormatException($"{path} line {n}: not valid JSON ({ex.Message}).");
            }
        }
        return list;
    }

    private static string Describe(Answer a) =>
        a.Answered ? $"{a.PassageId}  “{Shorten(a.Quote ?? "", 100)}”" : $"no answer ({a.Reason})";

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    private static int Report(KbResult result) =>
        Report(result.Succeeded, result.Change is { } change ? $"{result.Message} (change #{change.Sequence}; draft, not live until `kb publish`)" : result.Message);

    private static int Report(bool ok, string message)
    {
        if (ok)
        {
            Console.WriteLine(message);
            return 0;
        }
        return Fail(message, 3);
    }

    private static int Fail(string message, int code)
    {
        Console.Error.WriteLine(message);
        return code;
    }
}
