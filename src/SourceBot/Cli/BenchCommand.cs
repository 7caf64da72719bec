using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SourceBot.Core.Benchmarks;
using SourceBot.Core.Engine;
using SourceBot.Core.Knowledge;
using SourceBot.Hosting;

namespace SourceBot.Cli;

/// <summary>
/// `bench`: build, load, latency, throughput and memory on the seed corpus and on synthetic 1,000 and 10,000 passage corpora;
/// with `--libraries`, also many synthetic libraries behind one engine cache (the example: 200 libraries of 500
/// passages with a 4,096 MB budget). `--sizes 0` skips the single-corpus runs, to run the many-libraries one alone.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var sizes = new Option<int[]>("--sizes") { Description = "Synthetic corpus sizes in passages; 0 alone skips the single-corpus runs (the seed corpus and the cold ask too).", DefaultValueFactory = _ => [1000, 10000], AllowMultipleArgumentsPerToken = true };
        var queries = new Option<int>("--queries") { Description = "Questions per corpus for latency and throughput.", DefaultValueFactory = _ => 500 };
        var libraries = new Option<int>("--libraries") { Description = "Synthetic libraries for the many-libraries run, each with knowledge of its own; 0 (the default) skips it. The issue's example: 200.", DefaultValueFactory = _ => 0 };
        var libraryPassages = new Option<int>("--library-passages") { Description = "Passages in each library of the many-libraries run.", DefaultValueFactory = _ => 500 };
        var budget = new Option<int>("--budget-mb") { Description = "Engine cache memory budget of the many-libraries run, in MB (as engines estimate their size).", DefaultValueFactory = _ => 4096 };
        var libraryQueries = new Option<int>("--library-queries") { Description = "Questions of the many-libraries traffic, spread over the libraries by a Zipf-like popularity.", DefaultValueFactory = _ => 5000 };
        var buildThreads = new Option<int>("--build-threads") { Description = "Libraries the many-libraries run builds at once (default 1: one after another, so each build's time is its own).", DefaultValueFactory = _ => 1 };
        var library = LibraryOption.Create();
        var command = new Command("bench", "Benchmark: build time, cold load, p50/p99 latency, queries/second on all cores and peak memory, for the bundled knowledge (or a library's) and synthetic corpora; with --libraries, many libraries behind one engine cache within a memory budget (e.g. --libraries 200 --library-passages 500 --budget-mb 4096).")
        {
            sizes, queries, libraries, libraryPassages, budget, libraryQueries, buildThreads, library,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (LibraryOption.Read(parse, library, out var bad) is not { } libraryId) return bad;
            int count = parse.GetValue(queries);
            if (count < 10)
            {
                await Console.Error.WriteLineAsync("--queries must be at least 10.");
                return 2;
            }
            var corpusSizes = parse.GetValue(sizes) ?? [];
            bool singleCorpus = corpusSizes is not [0];
            int libraryCount = parse.GetValue(libraries);
            ManyLibrariesSettings? many = null;
            if (libraryCount != 0)
            {
                if (parse.GetValue(budget) < 1)
                {
                    await Console.Error.WriteLineAsync($"--budget-mb must be at least 1 (got {parse.GetValue(budget)}).");
                    return 2;
                }
                many = new ManyLibrariesSettings(libraryCount, parse.GetValue(libraryPassages), parse.GetValue(budget) * 1024L * 1024L, parse.GetValue(libraryQueries),
                    BuildThreads: parse.GetValue(buildThreads));
                if (many.Problem() is { } problem)
                {
                    await Console.Error.WriteLineAsync($"{problem} (--libraries, --library-passages, --budget-mb, --library-queries, --build-threads)");
                    return 2;
                }
            }
            else if (!singleCorpus)
            {
                await Console.Error.WriteLineAsync("--sizes 0 skips the single-corpus runs, and there is no --libraries run: nothing to measure.");
                return 2;
            }
            var builder = SourceBotHost.CreateBuilder();
            using var host = builder.Build();
            var engines = host.Services.GetRequiredService<EngineFactory>();
            var options = engines.Options;
            Console.WriteLine($"SourceBot bench on {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; embedder {options.Embedder}");
            if (singleCorpus) await SingleCorporaAsync(host.Services, libraryId, corpusSizes, count, ct);
            if (many is not null)
            {
                var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SourceBot.Bench");
                Print(await ManyLibrariesBenchmark.RunAsync(many, engines, logger, ct), options.Embedder);
            }
            return 0;
        });
        return command;
    }

    /// <summary>The seed corpus (or a library's), the synthetic corpora of <paramref name="sizes"/>, and a cold `ask` in a new process.</summary>
    private static async Task SingleCorporaAsync(IServiceProvider services, string libraryId, int[] sizes, int count, CancellationToken ct)
    {
        var engines = services.GetRequiredService<EngineFactory>();
        var options = engines.Options;
        var knowledge = libraryId == Core.Libraries.LibraryId.Default
            ? KnowledgeDirectory.Load(options.KnowledgePath)
            : await LibraryOption.LiveKnowledgeAsync(services, libraryId, ct);
        Console.WriteLine("p50/p99 include embedding the question. Build = first build with an empty vector cache (embeds every passage and trains); re-publish = build again after editing one passage.");
        Console.WriteLine("corpus          passages   build s   re-publish s   cold load s   p50 ms   p99 ms   queries/s (threads)   peak MB");

        // The seed corpus: its own sentences as questions, plus a cold `ask` in a new process with the models cached.
        var seedQuestions = SyntheticCorpus.Questions(knowledge, count);
        Print(Benchmark.Run("seed", knowledge, engines, seedQuestions, ct));
        foreach (var size in sizes)
        {
            if (size < 20)
            {
                await Console.Error.WriteLineAsync($"Skipping size {size}: synthetic corpora need at least 20 passages.");
                continue;
            }
            var corpus = SyntheticCorpus.Create(size);
            Print(Benchmark.Run($"synthetic {size:N0}", corpus, engines, SyntheticCorpus.Questions(corpus, count), ct));
        }
        Console.WriteLine();
        Console.WriteLine($"Cold `ask` on the seed corpus in a new process (cached models): {await ColdAskSeconds(engines, ct):0.00} s wall");
        Console.WriteLine("Targets (2 cores, 10,000 passages): first build < 10 min, re-publish of one passage < 60 s, p99 < 30 ms, peak < 2,500 MB; seed cold ask < 6 s.");
    }

    private static void Print(ManyLibrariesResult r, Core.Embeddings.EmbeddingModel embedder)
    {
        var c = CultureInfo.InvariantCulture;
        var s = r.Settings;
        var t = r.Traffic;
        Console.WriteLine();
        Console.WriteLine(string.Format(c, "Many libraries ({0}): {1:N0} libraries of {2:N0} passages, each its own knowledge; engine budget {3:N0} MB", embedder,
            s.Libraries, s.PassagesPerLibrary, s.BudgetBytes / (1024.0 * 1024.0)));
        Console.WriteLine(string.Format(c, "  build every library once (train, cache models), {4} at a time: {0:0.0} s in all, {1:0.00} s per library p50, {2:0.00} s max; engine estimate {3:0.0} MB p50",
            r.BuildSeconds, r.BuildSecondsPerLibraryP50, r.BuildSecondsPerLibraryMax, r.EngineMegabytesP50, s.BuildThreads));
        Console.WriteLine(string.Format(c, "  traffic: {0:N0} questions (Zipf-like over {1:N0} libraries asked) on {2} threads: {3:N0} answers/s, p50 {4:0.00} ms, p99 {5:0.00} ms (loads included)",
            s.Questions, r.LibrariesAsked, r.Threads, r.QuestionsPerSecond, r.P50Milliseconds, r.P99Milliseconds));
        Console.WriteLine(string.Format(c, "           {0:N0} answered, {1:N0} refused, {2:N0} failed; cache {3:N0} hits, {4:N0} misses (loads), {5:N0} evictions; {6} engines ({7:N0} MB estimated) loaded at the end",
            r.Answered, r.Refused, r.Failed, t.Hits, t.Misses, t.Evictions, t.LoadedEngines, t.LoadedBytes / (1024.0 * 1024.0)));
        Console.WriteLine(r.ColdLoads == 0
            ? "  cold load of an evicted library: none measured"
            : string.Format(c, "  cold load of an evicted library to its first answer (models on disk): p50 {0:0} ms, max {1:0} ms over {2}",
                r.ColdLoadP50Milliseconds, r.ColdLoadMaxMilliseconds, r.ColdLoads));
        Console.WriteLine(string.Format(c, "  memory: peak working set {0:N0} MB (whole run, builds included); managed heap after the traffic {1:N0} MB", r.PeakWorkingSetMegabytes, r.ManagedMegabytes));
    }

    private static void Print(BenchResult r)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Format(c, "{0,-15} {1,8:N0} {2,9:0.0} {3,14:0.0} {4,13:0.00} {5,8:0.00} {6,8:0.00} {7,12:N0} ({8})      {9,8:N0}",
            r.Corpus, r.Passages, r.BuildSeconds, r.RepublishSeconds, r.ColdLoadSeconds, r.P50Milliseconds, r.P99Milliseconds, r.QueriesPerSecond, r.Threads, r.PeakMemoryMegabytes));
    }

    /// <summary>Makes sure the models are cached, then times a separate `ask` process from start to exit.</summary>
    private static async Task<double> ColdAskSeconds(EngineFactory engines, CancellationToken ct)
    {
        var options = engines.Options;
        using (engines.Build(KnowledgeDirectory.Load(options.KnowledgePath), cancellationToken: ct)) { }
        var exe = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find the running executable to time a cold ask.");
        var start = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(exe).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(typeof(BenchCommand).Assembly.Location);
        start.ArgumentList.Add("ask");
        start.ArgumentList.Add("When did China accede to the 1951 Refugee Convention?");
        start.Environment["SourceBot__Engine__KnowledgePath"] = options.KnowledgePath;
        start.Environment["SourceBot__Engine__CachePath"] = options.CachePath;
        // A timing run is not a real question: keep it out of the question log (and its write out of the timing).
        start.Environment["SourceBot__Moderation__LogQuestions"] = "false";
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        double seconds = watch.Elapsed.TotalSeconds;
        if (process.ExitCode != 0) await Console.Error.WriteLineAsync($"The cold ask exited with {process.ExitCode}: {await errors}");
        _ = await output;
        return seconds;
    }
}
