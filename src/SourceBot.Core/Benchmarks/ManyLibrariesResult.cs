using SourceBot.Core.Engine;

namespace SourceBot.Core.Benchmarks;

/// <summary>The figures of one many-libraries run.</summary>
/// <param name="Settings">What was run.</param>
/// <param name="BuildSeconds">Building every library once (training its models and caching them on disk), wall time, <see cref="ManyLibrariesSettings.BuildThreads"/> at a time.</param>
/// <param name="BuildSecondsPerLibraryP50">The median library's build.</param>
/// <param name="BuildSecondsPerLibraryMax">The slowest library's build.</param>
/// <param name="EngineMegabytesP50">The median engine's <see cref="EngineSnapshot.EstimatedBytes"/>, what the budget counts.</param>
/// <param name="Answered">Traffic questions answered with a quote.</param>
/// <param name="Refused">Traffic questions answered with a no-answer (e.g. not covered).</param>
/// <param name="Failed">Traffic questions whose library could not be loaded.</param>
/// <param name="LibrariesAsked">Distinct libraries the traffic asked.</param>
/// <param name="QuestionsPerSecond">Traffic questions per second of wall time, with <paramref name="Threads"/> askers.</param>
/// <param name="P50Milliseconds">Median time per traffic question, from asking for the library's engine to the answer (a load included).</param>
/// <param name="P99Milliseconds">The 99th percentile of the same.</param>
/// <param name="Traffic">The engine cache's counters after the traffic: hits, misses (loads), evictions.</param>
/// <param name="ColdLoads">Cold loads measured: each a library evicted from the cache, its models on disk.</param>
/// <param name="ColdLoadP50Milliseconds">Median time from asking an evicted library's engine to its first answer.</param>
/// <param name="ColdLoadMaxMilliseconds">The slowest of the same.</param>
/// <param name="PeakWorkingSetMegabytes">The process's peak working set by the end of the run (the builds included).</param>
/// <param name="ManagedMegabytes">Live managed heap after the traffic, with the traffic's engines still loaded (after a full collection).</param>
public sealed record ManyLibrariesResult(
    ManyLibrariesSettings Settings,
    double BuildSeconds,
    double BuildSecondsPerLibraryP50,
    double BuildSecondsPerLibraryMax,
    double EngineMegabytesP50,
    int Answered,
    int Refused,
    int Failed,
    int LibrariesAsked,
    double QuestionsPerSecond,
    int Threads,
    double P50Milliseconds,
    double P99Milliseconds,
    EngineCacheCounters Traffic,
    int ColdLoads,
    double ColdLoadP50Milliseconds,
    double ColdLoadMaxMilliseconds,
    double PeakWorkingSetMegabytes,
    double ManagedMegabytes);
