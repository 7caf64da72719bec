using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SourceBot.Core.Engine;

namespace SourceBot.Core.Benchmarks;

/// <summary>
/// Many libraries in one process, as a bot serving many servers runs: N synthetic libraries, each with knowledge of its own,
/// behind one <see cref="EngineCache"/> within a memory budget. Measures (a) building every library once, (b) traffic on all
/// cores where a few libraries get most questions (Zipf-like popularity), so a budget below all of them forces evictions and
/// reloads, (c) the cold load of an evicted library (its models cached on disk) to its first answer, and (d) memory.
/// </summary>
public static class ManyLibrariesBenchmark
{
    private const int QuestionsPerLibrary = 20;
    private const int ColdLoadSamples = 5;

    /// <summary>
    /// Runs the benchmark with a fresh model cache (so each library's first build trains) and <paramref name="engines"/>'s
    /// vector cache (so a repeated run embeds nothing again).
    /// </summary>
    public static async Task<ManyLibrariesResult> RunAsync(ManyLibrariesSettings settings, EngineFactory engines, ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        if (settings.Problem() is { } problem) throw new ArgumentException(problem, nameof(settings));
        logger ??= NullLogger.Instance;
        var options = engines.Options.Copy();
        options.VectorCachePath = engines.Options.VectorCacheFolder;
        options.CachePath = Path.Combine(Path.GetTempPath(), "sourcebot-bench-libraries-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var factory = engines.With(options);
            var libraries = new SyntheticLibraries(settings.Libraries, settings.PassagesPerLibrary);

            long buildStarted = Stopwatch.GetTimestamp();
            var (buildSeconds, engineBytes, questions) = BuildAll(libraries, factory, settings.BuildThreads, logger, cancellationToken);
            double buildWall = Stopwatch.GetElapsedTime(buildStarted).TotalSeconds;
            Array.Sort(buildSeconds);
            Array.Sort(engineBytes);

            var traffic = await TrafficAsync(settings, libraries, questions, factory, cancellationToken);
            var (coldLoads, coldMilliseconds) = await ColdLoadsAsync(libraries, questions, factory, cancellationToken);
            Array.Sort(coldMilliseconds);

            using var process = Process.GetCurrentProcess();
            process.Refresh();
            const double mb = 1024.0 * 1024.0;
            return new ManyLibrariesResult(settings, buildWall, Benchmark.Percentile(buildSeconds, 0.50), buildSeconds[^1],
                Benchmark.Percentile(engineBytes, 0.50) / mb,
                traffic.Answered, traffic.Refused, traffic.Failed, traffic.LibrariesAsked, traffic.QuestionsPerSecond, traffic.Threads,
                Benchmark.Percentile(traffic.Latencies, 0.50), Benchmark.Percentile(traffic.Latencies, 0.99), traffic.Counters,
                coldLoads, Benchmark.Percentile(coldMilliseconds, 0.50), coldMilliseconds.Length == 0 ? 0 : coldMilliseconds[^1],
                process.PeakWorkingSet64 / mb, traffic.ManagedBytes / mb);
        }
        finally
        {
            try { Directory.Delete(options.CachePath, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// (a) Builds each library once (one after another by default, so a build's time is its own; with
    /// <see cref="ManyLibrariesSettings.BuildThreads"/>, that many at a time) and makes its questions.
    /// </summary>
    private static (double[] Seconds, double[] EngineBytes, string[][] Questions) BuildAll(SyntheticLibraries libraries, EngineFactory factory, int threads,
        ILogger logger, CancellationToken cancellationToken)
    {
        var seconds = new double[libraries.Count];
        var bytes = new double[libraries.Count];
        var questions = new string[libraries.Count][];
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < libraries.Count; i++)
        {
            var knowledge = libraries.Knowledge(i);
            if (!hashes.Add(knowledge.Hash)) throw new InvalidOperationException($"Benchmark library {i} repeats another's knowledge; every library must have its own.");
            questions[i] = [.. SyntheticCorpus.Questions(knowledge, QuestionsPerLibrary, seed: i)];
        }
        int built = 0;
        long started = Stopwatch.GetTimestamp();
        Parallel.For(0, libraries.Count, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken }, i =>
        {
            var knowledge = libraries.Knowledge(i);
            long start = Stopwatch.GetTimestamp();
            using (var snapshot = factory.Build(knowledge, cancellationToken: cancellationToken))
            {
                seconds[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
                bytes[i] = snapshot.EstimatedBytes;
            }
            int done = Interlocked.Increment(ref built);
            if (done % 10 == 0 || done == libraries.Count)
                logger.LogInformation("Built {Built} of {Libraries} benchmark libraries ({Seconds:F1} s so far)", done, libraries.Count, Stopwatch.GetElapsedTime(started).TotalSeconds);
        });
        return (seconds, bytes, questions);
    }

    private sealed record TrafficFigures(int Answered, int Refused, int Failed, int LibrariesAsked, double QuestionsPerSecond, int Threads,
        double[] Latencies, EngineCacheCounters Counters, long ManagedBytes);

    /// <summary>
    /// (b) One asker per core takes the next question of a seeded sequence, leases its library's engine (loading it when it
    /// is not loaded) and asks; a question's time runs from the lease request to the answer.
    /// </summary>
    private static async Task<TrafficFigures> TrafficAsync(ManyLibrariesSettings settings, SyntheticLibraries libraries, string[][] questions,
        EngineFactory factory, CancellationToken cancellationToken)
    {
        var random = new Random(settings.Seed);
        var popularity = new ZipfPicker(libraries.Count, random);
        var plan = new (int Library, string Question)[settings.Questions];
        for (int i = 0; i < plan.Length; i++)
        {
            int library = popularity.Next();
            plan[i] = (library, questions[library][random.Next(questions[library].Length)]);
        }

        using var cache = new EngineCache(factory, libraries, new EngineCacheOptions { MemoryBudgetBytes = settings.BudgetBytes, IdleUnload = TimeSpan.FromDays(1) });
        var latencies = new double[plan.Length];
        int answered = 0, refused = 0, failed = 0, next = -1;
        int threads = Environment.ProcessorCount;
        var watch = Stopwatch.StartNew();
        var askers = Enumerable.Range(0, threads).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < plan.Length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (library, question) = plan[i];
                long start = Stopwatch.GetTimestamp();
                try
                {
                    using var lease = await cache.AcquireAsync(SyntheticLibraries.Id(library), cancellationToken).ConfigureAwait(false);
                    var answer = lease.Engine.Ask(question);
                    Interlocked.Increment(ref answer.Answered ? ref answered : ref refused);
                }
                catch (EngineLoadException)
                {
                    Interlocked.Increment(ref failed);
                }
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(askers).ConfigureAwait(false);
        double qps = plan.Length / watch.Elapsed.TotalSeconds;
        var counters = cache.Counters;
        long managed = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(cache);
        Array.Sort(latencies);
        int asked = plan.Select(p => p.Library).Distinct().Count();
        return new TrafficFigures(answered, refused, failed, asked, qps, threads, latencies, counters, managed);
    }

    /// <summary>
    /// (c) In a cache that holds one engine, loads the least popular libraries in turn, then asks each of them again: each is
    /// by then evicted (a later one took its place), so each second ask times a cold load from the models on disk to the first
    /// answer. Only asks the cache counts as a load (a miss) are counted.
    /// </summary>
    private static async Task<(int Count, double[] Milliseconds)> ColdLoadsAsync(SyntheticLibraries libraries, string[][] questions, EngineFactory factory,
        CancellationToken cancellationToken)
    {
        int samples = Math.Min(ColdLoadSamples, libraries.Count);
        var chosen = Enumerable.Range(libraries.Count - samples, samples).ToArray();
        using var cache = new EngineCache(factory, libraries, new EngineCacheOptions { MemoryBudgetBytes = 1, IdleUnload = TimeSpan.FromDays(1) });
        foreach (int library in chosen)
            await AskAsync(cache, library, questions[library][0], cancellationToken).ConfigureAwait(false);
        var milliseconds = new List<double>(samples);
        foreach (int library in chosen)
        {
            long missesBefore = cache.Counters.Misses;
            long start = Stopwatch.GetTimestamp();
            await AskAsync(cache, library, questions[library][1], cancellationToken).ConfigureAwait(false);
            double elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (cache.Counters.Misses > missesBefore) milliseconds.Add(elapsed);
        }
        return (milliseconds.Count, [.. milliseconds]);
    }

    private static async Task AskAsync(EngineCache cache, int library, string question, CancellationToken cancellationToken)
    {
        using var lease = await cache.AcquireAsync(SyntheticLibraries.Id(library), cancellationToken).ConfigureAwait(false);
        lease.Engine.Ask(question);
    }
}
