using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using SourceBot.Core.Engine;
using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Benchmarks;

/// <summary>The figures of one corpus size.</summary>
public sealed record BenchResult(
    string Corpus,
    int Passages,
    double BuildSeconds,
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
    public static BenchResult Run(string name, KnowledgeBase knowledge, EngineOptions template, IReadOnlyList<string> questions, CancellationToken cancellationToken = default)
    {
        var options = template.Copy();
        options.CachePath = Path.Combine(Path.GetTempPath(), "sourcebot-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            var watch = Stopwatch.StartNew();
            EngineSnapshot.Build(knowledge, options, NullLogger.Instance, forceRebuild: true, cancellationToken).Dispose();
            double build = watch.Elapsed.TotalSeconds;

            watch.Restart();
            var snapshot = EngineSnapshot.Build(knowledge, options, NullLogger.Instance, cancellationToken: cancellationToken);
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
            return new BenchResult(name, knowledge.Passages.Length, build, load, Percentile(latencies, 0.50), Percentile(latencies, 0.99), qps, threads,
                process.PeakWorkingSet64 / (1024.0 * 1024.0));
        }
        finally
        {
            try { Directory.Delete(options.CachePath, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
