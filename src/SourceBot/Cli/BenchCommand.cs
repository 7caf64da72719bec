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

/// <summary>`bench`: build, load, latency, throughput and memory on the seed corpus and on synthetic 1,000 and 10,000 passage corpora.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var sizes = new Option<int[]>("--sizes") { Description = "Synthetic corpus sizes in passages.", DefaultValueFactory = _ => [1000, 10000], AllowMultipleArgumentsPerToken = true };
        var queries = new Option<int>("--queries") { Description = "Questions per corpus for latency and throughput.", DefaultValueFactory = _ => 500 };
        var library = LibraryOption.Create();
        var command = new Command("bench", "Benchmark: build time, cold load, p50/p99 latency, queries/second on all cores and peak memory, for the bundled knowledge (or a library's) and synthetic corpora.") { sizes, queries, library };
        command.SetAction(async (parse, ct) =>
        {
            if (LibraryOption.Read(parse, library, out var bad) is not { } libraryId) return bad;
            int count = parse.GetValue(queries);
            if (count < 10)
            {
                await Console.Error.WriteLineAsync("--queries must be at least 10.");
                return 2;
            }
            var builder = SourceBotHost.CreateBuilder();
            using var host = builder.Build();
            var engines = host.Services.GetRequiredService<EngineFactory>();
            var options = engines.Options;
            var knowledge = libraryId == Core.Libraries.LibraryId.Default
                ? KnowledgeDirectory.Load(options.KnowledgePath)
                : await LibraryOption.LiveKnowledgeAsync(host.Services, libraryId, ct);
            Console.WriteLine($"SourceBot bench on {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
            Console.WriteLine($"Embedder {options.Embedder}; p50/p99 include embedding the question. Build = first build with an empty vector cache (embeds every passage and trains); re-publish = build again after editing one passage.");
            Console.WriteLine("corpus          passages   build s   re-publish s   cold load s   p50 ms   p99 ms   queries/s (threads)   peak MB");

            // The seed corpus: its own sentences as questions, plus a cold `ask` in a new process with the models cached.
            var seedQuestions = SyntheticCorpus.Questions(knowledge, count);
            Print(Benchmark.Run("seed", knowledge, engines, seedQuestions, ct));
            foreach (var size in parse.GetValue(sizes) ?? [])
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
            return 0;
        });
        return command;
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
