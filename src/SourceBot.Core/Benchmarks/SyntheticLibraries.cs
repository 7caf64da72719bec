using SourceBot.Core.Engine;
using SourceBot.Core.Knowledge;

namespace SourceBot.Core.Benchmarks;

/// <summary>
/// The live knowledge of the many-libraries benchmark's libraries: library <c>i</c> is a <see cref="SyntheticCorpus"/> of its
/// own seed, so every library has knowledge of its own (its own vocabulary and hash). Made again on every read rather than
/// held, as a host reads a library from its store on each load, so the knowledge of evicted libraries takes no memory.
/// </summary>
internal sealed class SyntheticLibraries(int count, int passagesPerLibrary) : ILiveKnowledgeSource
{
    // Apart from the single-corpus runs' seed (42), so no library repeats their corpus.
    private const int FirstSeed = 1_000;

    public int Count { get; } = count;

    public int PassagesPerLibrary { get; } = passagesPerLibrary;

    public static string Id(int library) => $"bench-library-{library:D4}";

    public KnowledgeBase Knowledge(int library) => SyntheticCorpus.Create(PassagesPerLibrary, FirstSeed + library);

    public Task<KnowledgeBase> LoadLiveAsync(string libraryId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        const string prefix = "bench-library-";
        if (!libraryId.StartsWith(prefix, StringComparison.Ordinal) || !int.TryParse(libraryId.AsSpan(prefix.Length), out int library) || library < 0 || library >= Count)
            throw new KeyNotFoundException($"There is no benchmark library '{libraryId}'.");
        return Task.FromResult(Knowledge(library));
    }

    /// <summary>Benchmark libraries are never published to.</summary>
    public Task<string?> PublishedHashAsync(string libraryId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
