using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using SourceBot.Core.Embeddings;
using SourceBot.Core.Knowledge;
using SourceBot.Core.Moderation;
using SourceBot.Core.Retrieval;
using SourceBot.Core.Text;
using SourceBot.Core.Training;

namespace SourceBot.Core.Engine;

/// <summary>
/// Everything answering needs for one knowledge version: the knowledge, its analysis, the index and the trained ranker.
/// Immutable once built; a new version is a new snapshot, swapped in whole.
/// </summary>
/// <remarks>
/// Reference-counted, so a snapshot that is replaced while questions run on it is freed exactly when the last of them ends.
/// Whoever builds a snapshot holds its first reference, the owner's; an <see cref="AnswerEngine"/> takes it over when the
/// snapshot is installed and hands it back from <see cref="AnswerEngine.Swap"/>. Readers take a <see cref="SnapshotLease"/>.
/// <see cref="Dispose"/> gives up the owner's reference; the index and analysers are released when no lease is left.
/// </remarks>
public sealed class EngineSnapshot : IDisposable
{
    // The owner's reference plus one per lease; the resources go when it reaches zero, and it never rises from zero.
    private int _references = 1;
    private int _ownerReleased;

    private EngineSnapshot(KnowledgeBase knowledge, Ranker ranker, ITextEmbedder? embedder, string modelHash, bool loadedFromCache)
    {
        Knowledge = knowledge;
        Ranker = ranker;
        Embedder = embedder;
        ModelHash = modelHash;
        LoadedFromCache = loadedFromCache;
        Taught = new TaughtMatcher(ranker.Corpus);
        Size = SnapshotSize.Of(ranker);
    }

    public KnowledgeBase Knowledge { get; }
    public Ranker Ranker { get; }
    public Corpus Corpus => Ranker.Corpus;

    /// <summary>The model that embeds questions for this snapshot's vectors (shared, not owned); null without sentence embeddings.</summary>
    public ITextEmbedder? Embedder { get; }
    public string ModelHash { get; }
    public bool LoadedFromCache { get; }

    /// <summary>The moderator-taught questions of this version, for answering a repeated taught question as taught.</summary>
    public TaughtMatcher Taught { get; }

    /// <summary>
    /// An estimate of the memory this snapshot holds, in bytes: its embedding vectors (4 bytes a float), the text of the
    /// knowledge and of its analysis (2 bytes a character), the lexical index and the trees of its models. Object headers,
    /// dictionaries and ML.NET's own structures are not counted, so the real figure is higher; it is meant for weighing
    /// snapshots against each other and against a budget, not for accounting.
    /// </summary>
    public long EstimatedBytes => Size.Total;

    /// <summary>The parts of <see cref="EstimatedBytes"/>.</summary>
    internal SnapshotSize Size { get; }

    /// <summary>True once the owner and every lease have let go, and the index and analysers are released.</summary>
    public bool IsDisposed => Volatile.Read(ref _references) == 0;

    /// <summary>The references held now: the owner's (until <see cref="Dispose"/>) and one per open lease.</summary>
    internal int References => Volatile.Read(ref _references);

    /// <summary>A reader's hold on this snapshot: it stays usable until the lease is disposed.</summary>
    /// <exception cref="ObjectDisposedException">The snapshot has already been released.</exception>
    public SnapshotLease Lease() =>
        TryRetain() ? new SnapshotLease(this) : throw new ObjectDisposedException(nameof(EngineSnapshot), "This engine snapshot has been retired and released.");

    /// <summary>Adds a reference unless the snapshot is already released (a released snapshot never comes back).</summary>
    internal bool TryRetain()
    {
        int current = Volatile.Read(ref _references);
        while (current > 0)
        {
            int seen = Interlocked.CompareExchange(ref _references, current + 1, current);
            if (seen == current) return true;
            current = seen;
        }
        return false;
    }

    /// <summary>Gives up one reference; the last one releases the index and analysers.</summary>
    internal void Release()
    {
        int left = Interlocked.Decrement(ref _references);
        if (left == 0)
        {
            Ranker.Dispose();
            Corpus.Analysis.Dispose();
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("An engine snapshot was released more often than it was referenced.");
        }
    }

    public static string ComputeModelHash(KnowledgeBase knowledge, RankerSettings settings)
    {
        // The shared decline and sentence models are copied into every library's model folder, so their version is part of it.
        var key = $"{knowledge.Hash}|{Ranker.ModelVersion}|{GeneralModelCache.Version}|{settings.CacheKey}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
    }

    /// <summary>The question's embedding, or null when the snapshot has no embedder.</summary>
    public float[]? EmbedQuestion(string question) => Embedder?.Embed([question], EmbeddingRole.Query)[0];

    /// <summary>
    /// Builds a snapshot: embeds the passages (only those the vector cache lacks), then loads the ranker from the cache when a
    /// model for exactly this knowledge, embedder and code exists, otherwise trains it and stores it there (atomically, so a
    /// crash never leaves a half-written model). Use <see cref="EngineFactory"/>, which holds what every build shares: the
    /// real questions' rows and the models trained on them alone (asked for only when this build trains).
    /// </summary>
    internal static EngineSnapshot Build(KnowledgeBase knowledge, EngineOptions options, ITextEmbedder? embedder, VectorCache? vectors,
        Func<CancellationToken, TrainingRows> general, Func<CancellationToken, GeneralModels> generalModels, ILogger logger, bool forceRebuild,
        IProgress<EmbeddingProgress>? progress, CancellationToken cancellationToken, ISharedModelStore? shared = null)
    {
        if (knowledge.Passages.IsDefaultOrEmpty)
            throw new KnowledgeFormatException("The knowledge has no visible passages to answer from.");
        var analysis = new TextAnalysis();
        LexicalIndex? index = null;
        try
        {
            var corpus = new Corpus(knowledge, analysis);
            index = Ranker.BuildIndex(corpus);
            PassageEmbeddings? dense = embedder is not null && vectors is not null
                ? PassageEmbeddings.Build(corpus, embedder, vectors, progress, cancellationToken)
                : null;
            var rows = general(cancellationToken);
            var settings = new RankerSettings(options.Seed, options.CandidateCount, options.MaxTrainingQuestions, embedder?.ModelId ?? "none", rows.Hash);
            var modelHash = ComputeModelHash(knowledge, settings);
            var folder = Path.Combine(options.CachePath, "models", modelHash);
            var rerankerPath = Path.Combine(folder, "reranker.zip");
            var answerabilityPath = Path.Combine(folder, "answerability.zip");
            var sentencesPath = Path.Combine(folder, "sentences.zip");
            var thresholdPath = Path.Combine(folder, "threshold.txt");
            bool wantsSentenceModel = rows.Sentences.Count > 0;

            RankerModels? TryLoadCached()
            {
                if (!File.Exists(rerankerPath) || !File.Exists(answerabilityPath) || !File.Exists(thresholdPath) || (wantsSentenceModel && !File.Exists(sentencesPath)))
                    return null;
                try
                {
                    return new RankerModels(
                        BinaryTreeModel<PairRow>.Load(rerankerPath, options.Seed),
                        BinaryTreeModel<DeclineRow>.Load(answerabilityPath, options.Seed),
                        wantsSentenceModel ? BinaryTreeModel<SentenceRow>.Load(sentencesPath, options.Seed) : null,
                        ReadThreshold(thresholdPath));
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException or FormatException or InvalidDataException)
                {
                    logger.LogWarning(ex, "Cached models in {ModelFolder} could not be read; rebuilding them", folder);
                    return null;
                }
            }

            RankerModels? models = forceRebuild ? null : TryLoadCached();
            // Not on this machine yet: another process of the deployment may have trained them (it published this version).
            if (models is null && !forceRebuild && shared is not null && TryFetchShared(shared, modelHash, folder, logger, cancellationToken))
            {
                models = TryLoadCached();
                if (models is not null) logger.LogInformation("Loaded the models for knowledge {KnowledgeHash} that another process trained", knowledge.Hash[..12]);
            }
            bool fromCache = models is not null;
            if (models is null)
            {
                logger.LogInformation("Training the ranker for knowledge {KnowledgeHash} ({Passages} passages, {RealPairs} real-question rows)",
                    knowledge.Hash[..12], corpus.Passages.Length, rows.Pairs.Count);
                Func<IReadOnlyList<string>, float[][]>? embedQuestions = embedder is not null && vectors is not null
                    ? texts => vectors.GetOrEmbedAsync(embedder, texts, EmbeddingRole.Query, progress, cancellationToken).GetAwaiter().GetResult()
                    : null;
                models = Ranker.Train(corpus, index, dense, embedQuestions, rows, generalModels(cancellationToken), settings, cancellationToken);
                bool saved = TrySave(models.Reranker.Save, rerankerPath, logger);
                saved &= TrySave(models.Answerability.Save, answerabilityPath, logger);
                if (models.Sentences is { } sentenceModel) saved &= TrySave(sentenceModel.Save, sentencesPath, logger);
                var threshold = models.AnswerThreshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                saved &= TrySave(path => File.WriteAllText(path, threshold), thresholdPath, logger);
                // Only a whole set is shared: a reader of a partial one could not load it, and would keep it from being replaced.
                if (shared is not null && saved) TryShare(shared, modelHash, folder, logger, cancellationToken);
            }
            return new EngineSnapshot(knowledge, Ranker.Create(corpus, index, dense, models, settings), embedder, modelHash, fromCache);
        }
        catch
        {
            index?.Dispose();
            analysis.Dispose();
            throw;
        }
    }

    internal static double ReadThreshold(string path) =>
        double.TryParse(File.ReadAllText(path).Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var t) && t is >= 0 and <= 1
            ? t
            : throw new FormatException($"{path} does not hold a probability.");

    /// <summary>Fetches shared models into the cache folder; a store that cannot be read only means training here.</summary>
    private static bool TryFetchShared(ISharedModelStore shared, string modelHash, string folder, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return shared.TryFetch(modelHash, folder, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not read shared models {ModelHash}; training them here", modelHash);
            return false;
        }
    }

    /// <summary>Shares trained models; a store that cannot be written only means other processes train them too.</summary>
    private static void TryShare(ISharedModelStore shared, string modelHash, string folder, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            if (Directory.Exists(folder)) shared.Save(modelHash, folder, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not share models {ModelHash}; other processes will train them themselves", modelHash);
        }
    }

    /// <summary>Writes one model file atomically; false (logged) when the cache cannot be written.</summary>
    private static bool TrySave(Action<string> save, string modelPath, ILogger logger)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(modelPath)!);
            var tmp = modelPath + ".tmp-" + Guid.NewGuid().ToString("N");
            save(tmp);
            File.Move(tmp, modelPath, overwrite: true);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only cache only costs start-up time; answering still works.
            logger.LogWarning(ex, "Could not cache the model at {ModelPath}; it will be retrained on the next start", modelPath);
            return false;
        }
    }

    /// <summary>Gives up the owner's reference (once, however often it is called); see the remarks on the class.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _ownerReleased, 1) == 0) Release();
    }
}
