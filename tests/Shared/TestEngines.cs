using SourceBot.Core.Embeddings;
using SourceBot.Core.Engine;

namespace SourceBot.Tests.Shared;

/// <summary>
/// Engines for tests (compiled into each test project as a linked file). Tests that are not about answer quality use the
/// hashing embedder (no model to load) and a few hundred of the real training questions; every test of a run shares one
/// vector and training-row cache, under the repository's git-ignored .cache folder, so those are made once per run.
/// Quality tests use <see cref="Real"/>: the production model and all the real questions.
/// </summary>
internal static class TestEngines
{
    /// <summary>The vector and training-row cache every test of a run shares.</summary>
    public static string SharedCache => Path.Combine(TestRepository.Root, ".cache", "tests");

    /// <summary>The settings a fast test engine needs, applied to <paramref name="options"/> (which it returns).</summary>
    public static EngineOptions Fast(EngineOptions options)
    {
        options.Embedder = EmbeddingModel.Hashing;
        options.MaxRealQuestions = 300;
        options.VectorCachePath = SharedCache;
        return options;
    }

    /// <summary>The production settings (MiniLM, every real question), sharing the run's cache.</summary>
    public static EngineOptions Real(EngineOptions options)
    {
        options.VectorCachePath = SharedCache;
        return options;
    }

    public static EngineFactory Factory(EngineOptions options) => new(Fast(options));

    /// <summary><see cref="Fast"/> as environment variables, for tests that start the executable.</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["SourceBot__Engine__Embedder"] = nameof(EmbeddingModel.Hashing),
        ["SourceBot__Engine__MaxRealQuestions"] = "300",
        ["SourceBot__Engine__VectorCachePath"] = SharedCache,
    };
}
