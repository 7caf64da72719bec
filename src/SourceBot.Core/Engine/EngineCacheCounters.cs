namespace SourceBot.Core.Engine;

/// <summary>What an <see cref="EngineCache"/> holds and has done since it started, read at one moment.</summary>
/// <param name="LoadedEngines">Engines loaded now (one per distinct knowledge, however many libraries share it).</param>
/// <param name="LoadedBytes">Their <see cref="EngineSnapshot.EstimatedBytes"/> together.</param>
/// <param name="Libraries">Libraries that have a loaded engine now.</param>
/// <param name="Hits">Requests served by an engine that was already loaded.</param>
/// <param name="Misses">Requests that waited for a load.</param>
/// <param name="Evictions">Engines unloaded to keep within the memory budget.</param>
/// <param name="IdleUnloads">Engines unloaded because nobody had used them for the idle time.</param>
/// <param name="LoadFailures">Loads that failed (each is retried on the next request).</param>
public sealed record EngineCacheCounters(int LoadedEngines, long LoadedBytes, int Libraries, long Hits, long Misses, long Evictions, long IdleUnloads, long LoadFailures);
