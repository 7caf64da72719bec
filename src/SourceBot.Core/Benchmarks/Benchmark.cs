using System.Diagnostics;
using SourceBot.Core.Engine;
using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Benchmarks;

/// <summary>The figures of one corpus size.</summary>
public sealed record BenchResult(
    string Corpus,
    int Passages,
    double BuildSeconds,
    double RepublishSeconds,
    double ColdLoadSeconds,
    double P50Milliseconds,
    double P99Milliseconds,
    double QueriesPerSecond,
    int Threads,
    double PeakMemoryMegabytes);

/// <summary>
/// Measures one corpus: training from scratch (build), loading the cached models into a fresh snapshot (cold load),
/// single-threaded latency over warm queries, and throughput with one worker per core. Peak memory is the process's peak
/// working set so far, so corpora are measured smallest first.
/// </summary>
public static class Benchmark
{
    /// <summary>
    /// Measures <paramref name="knowledge"/> with a fresh cache folder, so the first build embeds every passage and trains; the
    /// training rows of the real questions and the models trained on them alone, made once per machine, are copied in from
    /// <paramref name="engines"/>'s cache first (they are not a per-corpus cost). Then one passage is edited and the knowledge built again (a re-publish: only that
    /// passage is embedded again), and a new factory loads the cached vectors and models (cold load).
    /// </summary>
    public static BenchResult Run(string name, KnowledgeBase knowledge, EngineFactory engines, IReadOnlyList<string> questions, CancellationToken cancellationToken = default)
    {
        var options = engines.Options.Copy();
        options.CachePath = Path.Combine(Path.GetTempPath(), "sourcebot-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            options.VectorCachePath = "";
            var machineTraining = Path.Combine(engines.Options.VectorCacheFolder, "training");
            if (Directory.Exists(machineTraining))
            {
                Directory.CreateDirectory(Path.Combine(options.CachePath, "training"));
                foreach (var file in Directory.GetFiles(machineTraining, "*.rows"))
                    File.Copy(file, Path.Combine(options.CachePath, "training", Path.GetFileName(file)));
                foreach (var folder in Directory.GetDirectories(machineTraining, "models-*").Where(f => !f.Contains(".tmp-", StringComparison.Ordinal)))
                {
                    var copy = Directory.CreateDirectory(Path.Combine(options.CachePath, "training", Path.GetFileName(folder)));
                    foreach (var file in Directory.GetFiles(folder)) File.Copy(file, Path.Combine(copy.FullName, Path.GetFileName(file)));
                }
            }
            var watch = Stopwatch.StartNew();
            using (var factory = engines.With(options))
            {
                factory.Build(knowledge, forceRebuild: true, cancellationToken).Dispose();
            }
            double build = watch.Elapsed.TotalSeconds;

            var edited = EditOnePassage(knowledge);
            watch.Restart();
            using (var factory = engines.With(options))
            {
                factory.Build(edited, cancellationToken: cancellationToken).Dispose();
            }
            double republish = watch.Elapsed.TotalSeconds;

            watch.Restart();
            using var coldFactory = engines.With(options);
            var snapshot = coldFactory.Build(knowledge, cancellationToken: cancellationToken);
            double load = watch.Elapsed.TotalSeconds;
            using var engine = new AnswerEngine(snapshot, options);

            foreach (var q in questions.Take(20)) engine.Ask(q); // warm-up: JIT and pooled prediction engines
            var latencies = new double[questions.Count];
            for (int i = 0; i < questions.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                long start = Stopwatch.GetTimestamp();
                engine.Ask(questions[i]);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            Array.Sort(latencies);

            int threads = Environment.ProcessorCount;
            watch.Restart();
            int total = 0;
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken }, t =>
            {
                for (int i = t; i < questions.Count; i += threads)
                {
                    engine.Ask(questions[i]);
                    Interlocked.Increment(ref total);
                }
            });
            double qps = total / watch.Elapsed.TotalSeconds;

            using var process = Process.GetCurrentProcess();
            process.Refresh();
            return new BenchResult(name, knowledge.Passages.Length, build, republish, load, Percentile(latencies, 0.50), Percentile(latencies, 0.99), qps, threads,
                process.PeakWorkingSet64 / (1024.0 * 1024.0));
        }
        finally
        {
            try { Directory.Delete(options.CachePath, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The knowledge with one sentence added to its middle passage, as a moderator's edit would change it.</summary>
    private static KnowledgeBase EditOnePassage(KnowledgeBase knowledge)
    {
        var target = knowledge.Passages[knowledge.Passages.Length / 2];
        var sources = knowledge.Sources.Select(s => s.Id != target.SourceId ? s : s with
        {
            Passages = [.. s.Passages.Select(p => p.Id == target.Id ? p with { Text = p.Text + " A moderator added this sentence to measure a re-publish." } : p)],
        });
        return new KnowledgeBase(sources, knowledge.TaughtQuestions);
    }

    internal static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
