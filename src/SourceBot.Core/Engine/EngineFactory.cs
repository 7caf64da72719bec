using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SourceBot.Core.Embeddings;
using SourceBot.Core.Knowledge;
using SourceBot.Core.Retrieval;
using SourceBot.Core.Training;

namespace SourceBot.Core.Engine;

/// <summary>
/// Builds engine snapshots. It holds what every build of a process shares: the embedding model (loaded once, shared by all
/// snapshots), the on-disk vector cache, the rows made from the real training questions and the models trained on those rows
/// alone (each made once per machine and cached, then kept in memory here, so a library's build trains only its reranker).
/// Thread-safe: a publish may build while questions are answered.
/// </summary>
public sealed class EngineFactory : IDisposable
{
    private readonly Lazy<ITextEmbedder> _embedder;
    private readonly bool _ownsEmbedder;
    private readonly VectorCache _vectors;
    private readonly ILogger _logger;
    private readonly Lock _generalLock = new();
    private TrainingRows? _general;
    private readonly Lock _generalModelsLock = new();
    private GeneralModels? _generalModels;

    /// <param name="options">Where the knowledge and the caches are, and how to train.</param>
    /// <param name="embedder">The shared embedding model; null creates the one <see cref="EngineOptions.Embedder"/> names (owned, disposed with the factory).</param>
    public EngineFactory(EngineOptions options, ITextEmbedder? embedder = null, ILogger? logger = null)
    {
        Options = options;
        _logger = logger ?? NullLogger.Instance;
        _ownsEmbedder = embedder is null;
        // Loaded on the first build, not before: a `kb history` needs no model.
        _embedder = embedder is not null ? new Lazy<ITextEmbedder>(embedder) : new Lazy<ITextEmbedder>(() => TextEmbedderFactory.Create(options.Embedder));
        _vectors = new VectorCache(Path.Combine(options.VectorCacheFolder, "vectors.db"));
    }

    public EngineOptions Options { get; }

    /// <summary>The embedding model every snapshot of this factory uses (loaded on first use).</summary>
    public ITextEmbedder Embedder => _embedder.Value;

    /// <summary>
    /// Models shared with the deployment's other processes (PostgreSQL), or null for one process: a build fetches from it
    /// before training and stores what it trained, so a version one process publishes is loaded, not retrained, by the others.
    /// </summary>
    public ISharedModelStore? SharedModels { get; init; }

    /// <summary>Told how embedding goes during long builds (a first build of a large corpus takes minutes).</summary>
    public IProgress<EmbeddingProgress>? Progress { get; set; }

    /// <summary>A snapshot of <paramref name="knowledge"/>, its models loaded from the cache or trained.</summary>
    public EngineSnapshot Build(KnowledgeBase knowledge, bool forceRebuild = false, CancellationToken cancellationToken = default) =>
        EngineSnapshot.Build(knowledge, Options, Embedder, _vectors, General, LoadGeneralModels, _logger, forceRebuild, Progress, cancellationToken, SharedModels);

    /// <summary>
    /// An engine on the knowledge folder of <see cref="EngineOptions.KnowledgePath"/> as it is on disk, for tools and tests. A
    /// library's live engine is not made this way: the library hub's <see cref="EngineCache"/> builds it from the library's store.
    /// </summary>
    public AnswerEngine Load(CancellationToken cancellationToken = default) =>
        new(Build(KnowledgeDirectory.Load(Options.KnowledgePath), cancellationToken: cancellationToken), Options);

    /// <summary>Another factory with other options that shares this one's embedder (for the evaluator and the benchmark).</summary>
    public EngineFactory With(EngineOptions options) => new(options, Embedder, _logger) { Progress = Progress };

    private TrainingRows General(CancellationToken cancellationToken)
    {
        lock (_generalLock)
        {
            if (_general is not null) return _general;
            if (Options.MaxRealQuestions == 0) return _general = TrainingRows.None;
            var folder = string.IsNullOrWhiteSpace(Options.TrainingDataPath) ? RealQuestionSet.DefaultFolder : Options.TrainingDataPath;
            var set = RealQuestionSet.Load(folder, Options.MaxRealQuestions);
            return _general = GeneralTraining.Load(set, Embedder, _vectors, Options.VectorCacheFolder, Options.Seed, Options.CandidateCount, _logger, Progress, cancellationToken);
        }
    }

    /// <summary>The decline and sentence models of <see cref="General"/>'s rows: the same for every library, so trained (or read) once.</summary>
    private GeneralModels LoadGeneralModels(CancellationToken cancellationToken)
    {
        lock (_generalModelsLock)
        {
            return _generalModels ??= GeneralModelCache.Load(General(cancellationToken), Options.Seed, Options.VectorCacheFolder, _logger);
        }
    }

    public void Dispose()
    {
        _vectors.Dispose();
        if (_ownsEmbedder && _embedder.IsValueCreated) _embedder.Value.Dispose();
    }
}
